// Inlet dashboard: live timeline, confirmations, copy buttons, the organization picker.
// Everything from the server is put on the page as text (textContent), never as HTML.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        document.execCommand("copy");
      }
      button.textContent = "Copied";
    });
  }
  const timeline = document.getElementById("timeline");
  if (timeline && timeline.dataset.live) liveTimeline(timeline);
});

const maxRows = 500;

function liveTimeline(list) {
  const status = document.getElementById("live-status");
  const pause = document.getElementById("pause");
  let paused = false;
  let waiting = [];
  const source = new EventSource(list.dataset.live);
  source.addEventListener("open", () => { status.textContent = "live"; status.className = "status on"; });
  source.addEventListener("error", () => { status.textContent = "reconnecting…"; status.className = "status off"; });
  source.addEventListener("event", (message) => {
    let event;
    try { event = JSON.parse(message.data); } catch { return; }
    if (paused) {
      waiting.push(event);
      pause.textContent = `Resume (${waiting.length} new)`;
    } else {
      show(event);
    }
  });
  pause.addEventListener("click", () => {
    paused = !paused;
    if (!paused) {
      for (const event of waiting) show(event);
      waiting = [];
    }
    pause.textContent = paused ? "Resume" : "Pause";
    status.textContent = paused ? "paused" : "live";
  });

  function show(event) {
    if (document.getElementById(event.id)) return;
    document.getElementById("no-events")?.remove();
    list.prepend(row(event, list.dataset.org));
    while (list.children.length > maxRows) list.lastElementChild.remove();
  }
}

function row(event, org) {
  const item = element("li", "event fresh");
  item.id = event.id;
  const details = element("details");
  const summary = element("summary");
  const time = element("time", "", event.timestamp);
  const type = element("b", "type", event.eventType);
  const source = element("span", "source", event.source);
  // A person already on the page lends the new row their name; others show their id until the page reloads.
  const known = [...document.querySelectorAll("a.person[data-worker]")].find((link) => link.dataset.worker === event.workerId);
  const person = known ? known.cloneNode(true) : element("a", "person", event.workerId);
  person.dataset.worker = event.workerId;
  person.href = `/dashboard/people/${encodeURIComponent(event.workerId)}?org=${encodeURIComponent(org)}`;
  summary.append(time, " ", type, " ", source, " ", person);
  const metadata = element("pre", "metadata", JSON.stringify(event.metadata));
  details.append(summary, metadata);
  item.append(details);
  return item;
}

function element(name, className = "", text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

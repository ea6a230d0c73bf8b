/// The request bodies of the public Ingest API v1 documents, kept verbatim:
/// every one must be accepted as written.
enum SeedFixtures {
    /// The overview's quick-start event.
    static let overviewEvent = """
        {
            "events": [{
              "eventType": "ticket.resolved",
              "category": "project_management",
              "actor": { "email": "alex@acme.com" },
              "duration": 240,
              "metadata": { "ticket_id": "SUP-431", "priority": "high" }
            }]
          }
        """

    /// The overview's SDK snapshot, as JSON.
    static let overviewSnapshot = """
        {
          "snapshotType": "tickets_open",
          "actor": { "externalId": "crm-user-42" },
          "metrics": {
            "tickets_open": 7,
            "sla_attainment": { "value": 0.92, "unit": "ratio", "label": "SLA" }
          }
        }
        """

    /// The guide's event batch.
    static let guideEvent = """
        {
          "events": [
            {
              "eventType": "deploy.shipped",
              "category": "code",
              "timestamp": "2026-04-19T12:05:00Z",
              "actor": { "externalId": "eng-17" },
              "duration": 612,
              "metadata": {
                "service": "checkout-api",
                "sha": "3c4d8a1",
                "env": "production"
              }
            }
          ]
        }
        """

    /// The guide's snapshot.
    static let guideSnapshot = """
        {
          "snapshotType": "oncall_queue",
          "actor": { "email": "alex@acme.com" },
          "metrics": {
            "active": 2,
            "waiting": { "value": 5, "unit": "count", "label": "queued" },
            "p95_ack": { "value": 3.4, "unit": "minutes", "label": "p95 ack" }
          }
        }
        """
}

package io.intakeedge.sync.outbox;

import java.sql.SQLException;

/** The outbox disk budget is exhausted and the entry may not be compacted (alerts, priority-damage traces). */
public class OutboxFullException extends SQLException {
    public OutboxFullException(String message) {
        super(message);
    }
}

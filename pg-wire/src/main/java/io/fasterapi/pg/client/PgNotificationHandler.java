package io.fasterapi.pg.client;

/** Receives NOTIFY messages (NotificationResponse) on the connection's event loop; must not block. */
@FunctionalInterface
public interface PgNotificationHandler {
    void onNotification(String channel, String payload, int senderProcessId);
}

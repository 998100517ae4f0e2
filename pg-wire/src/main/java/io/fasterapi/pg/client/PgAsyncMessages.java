package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgError;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a connection does with the messages the server may send at any time, outside any command (PostgreSQL
 * manual, "Frontend/Backend Protocol", §53.2.7 Asynchronous Operations): ParameterStatus is kept, NoticeResponse
 * and NotificationResponse go to the caller's handlers, whose failures are logged and do not hurt the
 * connection. The handlers may be set from any thread; everything else runs on the connection's loop.
 */
final class PgAsyncMessages {
    private static final System.Logger LOG = System.getLogger(PgConnection.class.getName());

    /** Loop thread only. */
    private final Map<String, String> serverParameters = new LinkedHashMap<>();
    private volatile Consumer<PgError> noticeHandler = notice ->
            LOG.log(System.Logger.Level.DEBUG, () -> "PostgreSQL notice: " + notice);
    private volatile PgNotificationHandler notificationHandler;

    void noticeHandler(Consumer<PgError> handler) {
        noticeHandler = handler;
    }

    void notificationHandler(PgNotificationHandler handler) {
        notificationHandler = handler;
    }

    /** A copy of the server's settings (loop thread). */
    Map<String, String> serverParameters() {
        return Map.copyOf(serverParameters);
    }

    /** ParameterStatus. */
    void parameterStatus(String name, String value) {
        serverParameters.put(name, value);
    }

    /** NoticeResponse. */
    void notice(PgError notice) {
        Consumer<PgError> handler = noticeHandler;
        if (handler != null) {
            try {
                handler.accept(notice);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "notice handler threw", e);
            }
        }
    }

    /** NotificationResponse. */
    void notification(int processId, String channel, String payload) {
        PgNotificationHandler handler = notificationHandler;
        if (handler != null) {
            try {
                handler.onNotification(channel, payload, processId);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "notification handler threw", e);
            }
        }
    }
}

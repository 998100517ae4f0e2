package io.fasterapi.pg.client;

import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** LISTEN/NOTIFY on a dedicated connection, across a forced reconnect. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PgListenerTest {

    @Test
    void notificationsBeforeAndAfterAForcedReconnect() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        PgListener.Handler handler = new PgListener.Handler() {
            @Override
            public void onNotification(String channel, String payload, int sender) {
                events.add(channel + ":" + payload);
            }

            @Override
            public void onDisconnected(Throwable cause) {
                events.add("disconnected");
            }

            @Override
            public void onReconnected(Set<String> channels) {
                events.add("reconnected " + channels);
            }
        };
        try (PgConnection sender = PgCluster.connect(PgEmbeddedCluster.TRUST_USER);
             PgListener listener = PgListener.start(PgCluster.group().next(),
                     PgCluster.options(PgEmbeddedCluster.SCRAM_USER), handler).join()) {
            listener.listen("jobs").join();
            listener.listen("odd \"name\"").join();
            sender.query("SELECT pg_notify('jobs', 'first')").join();
            assertEquals("jobs:first", events.poll(10, TimeUnit.SECONDS));
            sender.query("SELECT pg_notify($1, $2)", "odd \"name\"", "quoted").join();
            assertEquals("odd \"name\":quoted", events.poll(10, TimeUnit.SECONDS));

            int before = listener.processId();
            sender.query("SELECT pg_terminate_backend($1)", before).join();
            assertEquals("disconnected", events.poll(10, TimeUnit.SECONDS));
            assertEquals("reconnected [jobs, odd \"name\"]", events.poll(10, TimeUnit.SECONDS));
            assertNotEquals(before, listener.processId());
            sender.query("SELECT pg_notify('jobs', 'second')").join();
            assertEquals("jobs:second", events.poll(10, TimeUnit.SECONDS));

            listener.unlisten("jobs").join();
            sender.query("SELECT pg_notify('jobs', 'ignored'), pg_notify('odd \"name\"', 'still')").join();
            assertEquals("odd \"name\":still", events.poll(10, TimeUnit.SECONDS));
        }
    }
}

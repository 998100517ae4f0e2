package io.fasterapi.pg.client;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.pg.embedded.PgEmbeddedCluster;

/**
 * One private PostgreSQL cluster and one event-loop group for the whole test run (started on first use,
 * stopped by the JVM's shutdown hook): starting a cluster costs about a second.
 */
final class PgCluster {
    private static PgEmbeddedCluster cluster;
    private static EventLoopGroup group;

    private PgCluster() {}

    static synchronized PgEmbeddedCluster get() {
        PgEmbeddedCluster.requireBinaries(org.junit.jupiter.api.Assumptions::assumeTrue);
        if (cluster == null) {
            cluster = PgEmbeddedCluster.start();
        }
        return cluster;
    }

    static synchronized EventLoopGroup group() {
        if (group == null) {
            group = EventLoopGroup.create(EngineConfig.builder().eventLoops(2).build());
            Runtime.getRuntime().addShutdownHook(new Thread(group::close));
        }
        return group;
    }

    static PgConnectOptions options(String user) {
        return PgConnectOptions.parse(get().url(user));
    }

    static PgConnection connect(String user) {
        return PgConnection.connect(group().next(), options(user)).join();
    }
}

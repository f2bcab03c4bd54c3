package kg.neo4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs Neo4j 5.26 Community with a Bolt connector on loopback, for kg.
 *
 * <p>Maven Central has the org.neo4j artifacts but not the server tarball, so kg
 * starts the database through the embedded API instead of the neo4j script.
 * Usage: {@code java -cp launcher.jar:lib/* kg.neo4j.Launcher HOME PORT PAGECACHE_MB};
 * the password for user {@code neo4j} comes from the environment variable
 * {@code KG_NEO4J_PASSWORD} (never the command line, which other users can read).
 * The process runs until it gets SIGTERM, then shuts the database down cleanly.
 */
public final class Launcher {
    private static final String PASSWORD_VARIABLE = "KG_NEO4J_PASSWORD";

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            fail("usage: kg.neo4j.Launcher HOME PORT PAGECACHE_MB", 2);
        }
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null || password.length() < 8) {
            fail(PASSWORD_VARIABLE + " must hold the password for user neo4j (8 characters or more)", 2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCacheBytes = Long.parseLong(args[2]) * 1024L * 1024L;

        DatabaseManagementService service;
        try {
            service = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                    // No usage reports to neo4j.com: kg's server talks to loopback only.
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Stop within seconds: kg's clients are short-lived, nothing to drain.
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                    .build();
        } catch (RuntimeException e) {
            fail("Neo4j did not start in " + home + ": " + rootMessage(e), 1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }, "kg-neo4j-shutdown"));

        try {
            setPassword(service, password);
        } catch (RuntimeException e) {
            service.shutdown();
            fail("could not set the password of user neo4j: " + rootMessage(e), 1);
        }

        System.out.println("kg-neo4j ready bolt://127.0.0.1:" + port + " home " + home);
        System.out.flush();
        stopped.await();
    }

    /** Sets the password kg generated; a restart with the same password is no change. */
    private static void setPassword(DatabaseManagementService service, String password) {
        try {
            service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            if (!rootMessage(e).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static void fail(String message, int status) {
        System.err.println("kg-neo4j: " + message);
        System.exit(status);
    }
}

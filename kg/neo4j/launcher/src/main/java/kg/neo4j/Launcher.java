package kg.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.internal.kernel.api.connectioninfo.ClientConnectionInfo;
import org.neo4j.internal.kernel.api.security.AuthenticationResult;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.api.security.AuthManager;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Runs Neo4j 5.26 Community with a Bolt connector on loopback, for kg.
 *
 * <p>Maven Central has the org.neo4j artifacts but not the server tarball, so kg
 * starts the database through the embedded API instead of the neo4j script.
 * Usage: {@code java -cp launcher.jar:lib/* kg.neo4j.Launcher HOME PORT PAGECACHE_MB};
 * the password for user {@code neo4j} comes from the environment variable
 * {@code KG_NEO4J_PASSWORD} (never the command line, which other users can read).
 * The process runs until it gets SIGTERM, then shuts the database down cleanly.
 *
 * <p>The password is set the way {@code neo4j-admin dbms set-initial-password}
 * does it (an auth.ini read when the system database is created), because a
 * Cypher {@code ALTER USER} on a cold JVM costs seconds; a restart only checks
 * the login and changes the password when it differs.  These are internal
 * classes, which is safe because the pom pins one Neo4j version.
 */
public final class Launcher {
    private static final String PASSWORD_VARIABLE = "KG_NEO4J_PASSWORD";
    private static final String USER = "neo4j";

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
        long began = System.nanoTime();

        DatabaseManagementService service;
        try {
            writeInitialPassword(home, password);
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
        } catch (IOException | RuntimeException e) {
            fail("Neo4j did not start in " + home + ": " + rootMessage(e), 1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }, "kg-neo4j-shutdown"));
        long built = System.nanoTime();
        try {
            ensurePassword(service, password);
        } catch (RuntimeException e) {
            fail("could not set the password of user neo4j: " + rootMessage(e), 1);
        }
        System.out.printf("kg-neo4j ready bolt://127.0.0.1:%d home %s (database %.1f s, password %.1f s)%n",
                port, home, (built - began) / 1e9, (System.nanoTime() - built) / 1e9);
        System.out.flush();
        stopped.await();
    }

    /** Before the first start, leaves the password where Neo4j reads its initial user. */
    private static void writeInitialPassword(Path home, String password) throws IOException {
        if (Files.exists(home.resolve("data").resolve("databases").resolve("system"))) {
            return;
        }
        Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        try (DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
            fs.mkdirs(file.getParent());
            fs.deleteFile(file);
            FileUserRepository users = new FileUserRepository(
                    fs, file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            users.start();
            users.create(new User(USER, null, SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), new SecureHasher()), false, false));
            users.shutdown();
        } catch (Exception e) {
            throw new IOException("cannot write the initial password to " + file + ": " + rootMessage(e), e);
        }
    }

    /** Makes the password of user neo4j the given one, touching nothing when it already is. */
    private static void ensurePassword(DatabaseManagementService service, String password) {
        GraphDatabaseAPI system = (GraphDatabaseAPI) service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        AuthManager auth = system.getDependencyResolver().resolveDependency(AuthManager.class);
        AuthenticationResult result;
        try {
            result = auth.login(
                    Map.of("scheme", "basic", "principal", USER, "credentials", password.getBytes(StandardCharsets.UTF_8)),
                    ClientConnectionInfo.EMBEDDED_CONNECTION).subject().getAuthenticationResult();
        } catch (Exception e) {
            throw new IllegalStateException("cannot check the login of user neo4j: " + rootMessage(e), e);
        }
        if (result != AuthenticationResult.SUCCESS) {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
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

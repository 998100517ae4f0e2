package io.fasterapi.examples;

import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo as users start it, in a process of its own, configured by its environment: HTTPS from
 * {@code TLS_CERT_FILE}/{@code TLS_KEY_FILE} with an encrypted key ({@code TLS_KEY_PASSWORD}), a redirecting
 * plain listener ({@code HTTP_REDIRECT_PORT}), and SIGHUP reloading renewed certificates while it runs; SIGTERM
 * stops it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoTlsProcessTest {
    @TempDir
    Path dir;

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void httpsWithAnEncryptedKeyARedirectAndSighupReload() throws Exception {
        PgEmbeddedCluster.requireBinaries(org.junit.jupiter.api.Assumptions::assumeTrue);
        for (String version : new String[] {"one", "two"}) {
            openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-keyout", version + ".key",
                    "-passout", "pass:demo-Pa55", "-out", version + ".crt", "-days", "2", "-subj", "/CN=version " + version,
                    "-addext", "subjectAltName=DNS:localhost");
        }
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.copy(dir.resolve("one.crt"), cert);
        Files.copy(dir.resolve("one.key"), key);
        try (PgEmbeddedCluster database = PgEmbeddedCluster.start()) {
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), DemoApp.class.getName()).redirectErrorStream(true);
            builder.environment().put("PORT", "0");
            builder.environment().put("HTTP_REDIRECT_PORT", "0");
            builder.environment().put("TLS_CERT_FILE", cert.toString());
            builder.environment().put("TLS_KEY_FILE", key.toString());
            builder.environment().put("TLS_KEY_PASSWORD", "demo-Pa55");
            builder.environment().put("ACCESS_LOG", "false");
            builder.environment().put("DATABASE_URL", database.url(PgEmbeddedCluster.SCRAM_USER));
            Process demo = builder.start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
                StringBuilder log = new StringBuilder();
                Matcher ports = null;
                Pattern listening = Pattern.compile("listening on https://[^:]+:(\\d+).*http://[^:]+:(\\d+) redirects to HTTPS");
                for (String line; ports == null && (line = lines.readLine()) != null; ) {
                    log.append(line).append('\n');
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        ports = m;
                    }
                }
                assertTrue(ports != null, "no start-up line: " + log);
                String https = ports.group(1);
                String plain = ports.group(2);
                CompletableFuture.runAsync(() -> lines.lines().forEach(l -> { })); // keep draining its output
                String before = run("curl", "-sS", "--max-time", "10", "-v", "--cacert", cert.toString(),
                        "https://localhost:" + https + "/health");
                assertTrue(before.contains("{\"status\":\"ok\"}") && before.contains("CN=version one"), before);
                String redirected = run("curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                        "http://localhost:" + plain + "/health");
                assertEquals("308 https://localhost:" + https + "/health", redirected);

                Files.copy(dir.resolve("two.crt"), cert, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(dir.resolve("two.key"), key, StandardCopyOption.REPLACE_EXISTING);
                run("kill", "-HUP", Long.toString(demo.pid()));
                String after = "";
                for (int attempt = 0; attempt < 50 && !after.contains("CN=version two"); attempt++) {
                    Thread.sleep(100);
                    after = run("curl", "-sS", "--max-time", "10", "-v", "--cacert", dir.resolve("two.crt").toString(),
                            "https://localhost:" + https + "/health");
                }
                assertTrue(after.contains("CN=version two") && after.contains("{\"status\":\"ok\"}"), after);
            } finally {
                demo.destroy(); // SIGTERM: a graceful shutdown
                assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "the demo stops on SIGTERM");
            }
        }
    }
}

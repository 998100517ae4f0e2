package io.fasterapi.http1.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the curl command line (an independent HTTP client; .ci/run installs it). */
final class Curl {
    private Curl() {}

    static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("curl");
        command.add("--max-time");
        command.add("20");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("curl did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("curl exited with " + p.exitValue() + ": " + out);
        }
        return out;
    }
}

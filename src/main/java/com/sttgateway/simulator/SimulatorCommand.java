package com.sttgateway.simulator;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Command line of the simulator: parses flags, starts it, prints where it listens, blocks; main thread only. */
public final class SimulatorCommand {

  static final int DEFAULT_PORT = 4000;
  static final int DEFAULT_ADMIN_PORT = 4001;

  private static final String USAGE = String.join(System.lineSeparator(),
      "usage: simulator [options]",
      "  --host H               interface for the API and admin ports (default 127.0.0.1)",
      "  --port N               API port (default 4000; 0 = any free port)",
      "  --admin-port N         fault-control port, no auth (default 4001)",
      "  --base-path P          prefix of every API route, e.g. /instances/abc (default none)",
      "  --signature ALG        sha1 or sha256 for X-Callback-Signature (default sha256)",
      "  --waiting-ms N         time a job stays waiting (default 200)",
      "  --processing-ms N      time a job stays processing (default 300)",
      "  --max-bytes N          largest accepted audio body (default 1073741824)",
      "  --sync-keepalive-ms N  interval of keep-alive spaces on sync recognize (default 20000)",
      "  --ttl-unit-ms N        length of one results_ttl minute (default 60000)",
      "  --api-key K            the only accepted API key (default: any credential)",
      "  --iam-token-ttl-s N    lifetime of tokens from POST /identity/token (default 3600)",
      "  --model-processing-ms N  time an added corpus/grammar/words/audio stays being_processed (default 100)",
      "  --model-training-ms N    time a custom model stays training or upgrading (default 300)",
      "  --help                 print this help");

  private SimulatorCommand() {
  }

  /** Returns 0 after --help, 2 for bad arguments, 1 if the simulator cannot start; otherwise blocks. */
  public static int run(String[] args) {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(USAGE);
      return 0;
    }
    SimulatorOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("simulator: " + e.getMessage());
      System.err.println(USAGE);
      return 2;
    }
    return serve(options, System.out, System.err);
  }

  /** Flags as "--name value" or "--name=value"; a message naming the flag for anything wrong. */
  static SimulatorOptions parse(String[] args) {
    SimulatorOptions options = SimulatorOptions.defaults().withPort(DEFAULT_PORT).withAdminPort(DEFAULT_ADMIN_PORT);
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value;
      int equals = flag.indexOf('=');
      if (flag.startsWith("--") && equals > 0) {
        value = flag.substring(equals + 1);
        flag = flag.substring(0, equals);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(flag + ": missing value");
      }
      options = apply(options, flag, value);
    }
    return options;
  }

  private static SimulatorOptions apply(SimulatorOptions options, String flag, String value) {
    try {
      return switch (flag) {
        case "--host" -> options.withHost(value);
        case "--port" -> options.withPort(port(value));
        case "--admin-port" -> options.withAdminPort(port(value));
        case "--base-path" -> options.withBasePath(value);
        case "--signature" -> options.withSignature(SignatureAlgorithm.parse(value));
        case "--waiting-ms" -> options.withWaiting(Duration.ofMillis(nonNegative(value)));
        case "--processing-ms" -> options.withProcessing(Duration.ofMillis(nonNegative(value)));
        case "--max-bytes" -> options.withMaxBytes(nonNegative(value));
        case "--sync-keepalive-ms" -> options.withSyncKeepAlive(Duration.ofMillis(nonNegative(value)));
        case "--ttl-unit-ms" -> options.withTtlUnit(Duration.ofMillis(nonNegative(value)));
        case "--api-key" -> options.withApiKey(value);
        case "--iam-token-ttl-s" -> options.withIamTokenTtl(Duration.ofSeconds(nonNegative(value)));
        case "--model-processing-ms" -> options.withCustomization(
            options.customization().withResourceProcessing(Duration.ofMillis(nonNegative(value))));
        case "--model-training-ms" -> options.withCustomization(
            options.customization().withTraining(Duration.ofMillis(nonNegative(value))));
        default -> throw new IllegalArgumentException("unknown option (see --help)");
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
    }
  }

  private static int port(String value) {
    long port = nonNegative(value);
    if (port > 65535) {
      throw new IllegalArgumentException("'" + value + "' (expected: a port 0-65535)");
    }
    return (int) port;
  }

  private static long nonNegative(String value) {
    try {
      long number = Long.parseLong(value.trim());
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // falls through to the same message as a negative number
    }
    throw new IllegalArgumentException("'" + value + "' (expected: a whole number >= 0)");
  }

  private static int serve(SimulatorOptions options, PrintStream out, PrintStream err) {
    Vertx vertx = Vertx.vertx();
    Simulator simulator;
    try {
      simulator = Simulator.start(vertx, options).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("simulator: cannot start: " + e.getMessage());
      vertx.close();
      return 1;
    }
    out.println("simulator listening on " + simulator.baseUrl() + " (admin http://" + options.host() + ":"
        + simulator.adminPort() + "/__sim)");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close().await();
      stopped.countDown();
    }, "simulator-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}

package com.sttgateway.cli;

import com.sttgateway.Gateway;
import com.sttgateway.config.ConfigException;
import com.sttgateway.config.ConfigLoader;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.logging.LogOutput;
import com.sttgateway.metrics.GatewayMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** {@code serve [--config FILE]}: loads the configuration and runs the gateway until the process is stopped. */
public final class ServeCommand {

  /** Returned when the gateway is up: the process keeps running on Vert.x threads. */
  public static final int RUNNING = -1;
  static final String USAGE = String.join("\n",
      "usage: java -jar stt-recovery-gateway.jar [serve] [--config FILE]",
      "  --config FILE   settings file (default: conf/gateway.json if present, else the built-in defaults);",
      "                  environment variables (GATEWAY_*) override it, see the README's configuration table",
      "  --help          print this help",
      "");
  private static final Path DEFAULT_CONFIG = Path.of("conf", "gateway.json");
  /**
   * Set (to true) only for the class-data-sharing training run (pom.xml, "cds-training"; README, "Start-up"): the
   * built-in defaults with loopback, system-chosen ports and a temporary data folder, whatever the settings file
   * and environment say; everything is started, then stopped, so that the JVM can write the archive of the classes
   * a start loads.
   */
  static final String CDS_TRAINING = "gateway.cdsTraining";

  private ServeCommand() {}

  public static int run(String[] args, Map<String, String> env) {
    if (args.length == 1 && args[0].equals("--help")) {
      System.out.print(USAGE);
      return 0;
    }
    Path training = null;
    GatewayConfig config;
    try {
      if (Boolean.getBoolean(CDS_TRAINING)) {
        training = Files.createTempDirectory("gateway-cds-training");
      }
      Path file = training != null ? null : configFile(args);
      config = ConfigLoader.load(file, training != null ? trainingEnv(training) : env);
      LogOutput.apply(config.logging());
      System.out.println("configuration: " + config);
    } catch (UsageError e) {
      System.err.print("serve: " + e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (ConfigException e) {
      System.err.println("config error: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("serve: no temporary folder for the training run: " + e);
      return 1;
    }
    // Vert.x reports its HTTP server and client metrics into the registry /metrics scrapes.
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = GatewayMetrics.vertxWithMetrics(registry);
    try {
      Gateway gateway = Gateway.start(vertx, config, new GatewayMetrics(registry)).await();
      if (training != null) {
        gateway.close().await();
        vertx.close().await();
        deleteTree(training);
        return 0;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        gateway.close().await();
        vertx.close().await();
      }, "gateway-shutdown"));
      return RUNNING;
    } catch (Exception e) {
      System.err.println("gateway failed to start: " + e.getMessage());
      vertx.close().await();
      return 1;
    }
  }

  /** The settings of the training run: loopback, ports chosen by the system, {@code data} as the data folder. */
  private static Map<String, String> trainingEnv(Path data) {
    return Map.of("GATEWAY_HOST", "127.0.0.1", "GATEWAY_PORT", "0", "GATEWAY_ADMIN_PORT", "0",
        "GATEWAY_CLUSTER_PORT", "0", "GATEWAY_SIMULATOR_ADMIN_PORT", "0", "GATEWAY_DATA_DIR", data.toString());
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** The --config file; without the flag conf/gateway.json if present, else the built-in defaults. */
  static Path configFile(String[] args) {
    if (args.length == 0) {
      return Files.exists(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
    }
    if (args.length == 2 && args[0].equals("--config")) {
      return Path.of(args[1]);
    }
    for (String arg : args) {
      if (arg.startsWith("-") && !arg.equals("--config")) {
        throw new UsageError("unknown flag '" + arg + "'");
      }
    }
    throw new UsageError("arguments '" + String.join(" ", args) + "' (expected: nothing, or --config FILE)");
  }

  /** A command line serve cannot run: the message and the usage are printed, exit 2. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message);
    }
  }
}

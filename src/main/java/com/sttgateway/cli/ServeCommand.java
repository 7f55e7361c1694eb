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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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

  private ServeCommand() {}

  public static int run(String[] args, Map<String, String> env) {
    if (args.length == 1 && args[0].equals("--help")) {
      System.out.print(USAGE);
      return 0;
    }
    GatewayConfig config;
    try {
      Path file = configFile(args);
      config = ConfigLoader.load(file, env);
      LogOutput.apply(config.logging());
      System.out.println("configuration: " + config);
    } catch (UsageError e) {
      System.err.print("serve: " + e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (ConfigException e) {
      System.err.println("config error: " + e.getMessage());
      return 2;
    }
    // Vert.x reports its HTTP server and client metrics into the registry /metrics scrapes.
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = GatewayMetrics.vertxWithMetrics(registry);
    try {
      Gateway gateway = Gateway.start(vertx, config, new GatewayMetrics(registry)).await();
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

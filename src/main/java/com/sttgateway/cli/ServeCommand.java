package com.sttgateway.cli;

import com.sttgateway.Gateway;
import com.sttgateway.config.ConfigException;
import com.sttgateway.config.ConfigLoader;
import com.sttgateway.config.GatewayConfig;
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
  private static final Path DEFAULT_CONFIG = Path.of("conf", "gateway.json");

  private ServeCommand() {}

  public static int run(String[] args, Map<String, String> env) {
    GatewayConfig config;
    try {
      config = ConfigLoader.load(configFile(args), env);
      System.out.println("configuration: " + config);
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
    throw new ConfigException("arguments '" + String.join(" ", args) + "' (expected: nothing, or --config FILE)");
  }

}

package com.sttgateway;

import com.sttgateway.cli.OpsCommand;
import com.sttgateway.cli.ServeCommand;
import com.sttgateway.simulator.SimulatorCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.logging.LogManager;

/** Entry point of the jar: dispatches to a subcommand ({@code serve} when none is given). */
public final class Main {

  static final String USAGE = """
      usage: java -jar stt-recovery-gateway.jar [COMMAND] [--help]
        serve       run the gateway (the default command): serve [--config FILE]
        simulator   run the bundled Speech to Text simulator with its fault controls: simulator [--port N] ...
        ops         the operator's client of the admin port: ops status|jobs|job|replay|replays|park|unpark|callbacks|models
        help        print this help
      COMMAND --help prints the command's own flags.
      """;

  private Main() {}

  public static void main(String[] args) {
    configureLogging();
    int code = run(args);
    if (code != ServeCommand.RUNNING) {
      System.exit(code);
    }
  }

  static int run(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.print(USAGE);
      return 0;
    }
    String command = args.length == 0 || args[0].startsWith("--") ? "serve" : args[0];
    String[] rest = args.length > 0 && !args[0].startsWith("--") ? Arrays.copyOfRange(args, 1, args.length) : args;
    return switch (command) {
      case "serve" -> ServeCommand.run(rest, System.getenv());
      case "simulator" -> SimulatorCommand.run(rest);
      case "ops" -> OpsCommand.run(rest, System.getenv());
      case "help", "-h" -> {
        System.out.print(USAGE);
        yield 0;
      }
      default -> {
        System.err.print("unknown command '" + command + "'\n" + USAGE);
        yield 2;
      }
    };
  }

  private static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in = Main.class.getResourceAsStream("/gateway-logging.properties")) {
      LogManager.getLogManager().readConfiguration(in);
    } catch (IOException | NullPointerException e) {
      System.err.println("logging configuration not loaded: " + e);
    }
    System.setProperty("hazelcast.logging.type", "jdk");
  }
}

package com.sttgateway.cli;

import com.sttgateway.cli.OpsArgs.UsageException;
import com.sttgateway.cli.OpsClient.OpsApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ops ...}: the operator's command-line client of the admin port's ops API. Human tables by default,
 * {@code --json} for scripts. Exit codes: 0 done, 1 the API refused or could not be reached, 2 bad usage.
 * Parses, connects and dispatches; each family of subcommands is its own class. Blocking; calling thread only.
 * Never prints the token.
 */
public record OpsCommand(OpsCall call) {

  static final String DEFAULT_URL = "http://127.0.0.1:9090";

  static final String USAGE = "usage: java -jar stt-recovery-gateway.jar ops COMMAND [flags]\n"
      + String.join("", OpsHelp.COMMANDS.values()) + OpsHelp.COMMON;

  /** The jar's entry point: the real environment and the console. */
  public static int run(String[] args, Map<String, String> env) {
    return run(args, env, System.out, System.err);
  }

  public static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      OpsArgs args = OpsArgs.parse(argv);
      if (args.has("help") || args.words().equals(List.of("help"))) {
        out.print(args.words().isEmpty() ? USAGE : OpsHelp.of(args.words().get(0), USAGE));
        return 0;
      }
      if (args.words().isEmpty()) {
        throw new UsageException("which command?");
      }
      new OpsCommand(new OpsCall(args, client(args, env), out)).dispatch();
      return 0;
    } catch (UsageException e) {
      err.print("ops: " + e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (OpsApiException e) {
      err.println("ops: " + e.getMessage());
      return 1;
    }
  }

  private static OpsClient client(OpsArgs args, Map<String, String> env) {
    String url = firstOf(args.value("url"), env.get("GATEWAY_ADMIN_URL"), DEFAULT_URL);
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new UsageException("admin URL '" + url + "' (expected: http://HOST:PORT)");
    }
    String token = firstOf(args.value("token"), env.get("GATEWAY_OPS_TOKEN"), null);
    String operator = firstOf(args.value("operator"), env.get("GATEWAY_OPERATOR"), env.get("USER"));
    return new OpsClient(url, token, operator);
  }

  private void dispatch() {
    String command = call.args().words().get(0);
    switch (command) {
      case "status" -> status();
      case "jobs" -> new JobCommands(call).jobs();
      case "job" -> new JobCommands(call).job();
      case "park", "unpark" -> new JobCommands(call).park(command);
      case "replay" -> new ReplayCommands(call).replay();
      case "replays" -> new ReplayCommands(call).replays();
      case "callbacks" -> callbacks();
      case "models" -> new ModelCommands(call).models();
      default -> throw new UsageException("unknown command '" + command + "'");
    }
  }

  private void status() {
    call.expect("status", 0, Set.of());
    JsonObject status = call.client().get("/ops/status");
    call.print(status, OpsViews.status(status));
  }

  private void callbacks() {
    call.expect("callbacks", 0, Set.of());
    JsonObject callbacks = call.client().get("/ops/callbacks");
    call.print(callbacks, OpsViews.callbacks(callbacks.getJsonArray("callbacks", new JsonArray())));
  }

  private static String firstOf(String a, String b, String fallback) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : fallback;
  }
}

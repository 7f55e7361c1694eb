package com.sttgateway.cli;

import com.sttgateway.cli.OpsArgs.UsageException;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Set;

/**
 * What one {@code ops} subcommand runs with: the parsed command line, the API client and the output, plus the
 * checks and printing every subcommand shares. Calling thread only.
 */
record OpsCall(OpsArgs args, OpsClient client, PrintStream out) {

  /** Checks the number of arguments after the command and the flags; returns the single argument, if any. */
  String expect(String command, int arguments, Set<String> flags) {
    args.allowOnly(command, flags);
    int given = args.words().size() - 1;
    if (given != arguments) {
      throw new UsageException("'" + command + "' takes " + (arguments == 0 ? "no argument" : "one argument")
          + ", got " + given);
    }
    return arguments == 0 ? null : args.words().get(1);
  }

  /** The API's JSON with {@code --json}, else the human rendering. */
  void print(JsonObject json, String human) {
    out.print(args.has("json") ? json.encodePrettily() + "\n" : human);
    out.flush();
  }
}

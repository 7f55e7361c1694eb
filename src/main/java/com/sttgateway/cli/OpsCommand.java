package com.sttgateway.cli;

import com.sttgateway.cli.OpsArgs.UsageException;
import com.sttgateway.cli.OpsClient.OpsApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ops ...}: the operator's command-line client of the admin port's ops API. Human tables by default,
 * {@code --json} for scripts. Exit codes: 0 done, 1 the API refused or could not be reached, 2 bad usage.
 * Blocking; calling thread only. Never prints the token.
 */
public final class OpsCommand {

  static final String DEFAULT_URL = "http://127.0.0.1:9090";

  static final String USAGE = String.join("\n",
      "usage: java -jar stt-recovery-gateway.jar ops COMMAND [flags]",
      "  status                       upstream, jobs per state, oldest unfinished job, last recovery run",
      "  jobs [filters] [--limit N] [--cursor C] [--all]",
      "                               list jobs, oldest first (--all follows every page)",
      "  job ID                       one job with its history",
      "  replay ID                    resubmit one job now",
      "  replay [filters] [--dry-run] [--rate N] [--wait]",
      "                               bulk replay as a server-side task (a filter is required)",
      "  replay --task ID [--cancel] [--wait]",
      "                               show (or cancel) a bulk replay task; --wait follows it to the end",
      "  replays                      list bulk replay tasks",
      "  park ID | unpark ID          park a job as dead / queue a dead job again",
      "  callbacks                    journaled callback URLs",
      "filters: --state a,b  --tenant FP  --since ISO  --until ISO  --updated-since ISO  --updated-until ISO",
      "         --callback-url U  --min-attempts N  --user-token S",
      "connection: --url U (or GATEWAY_ADMIN_URL, default " + DEFAULT_URL + ")",
      "            --token T (or GATEWAY_OPS_TOKEN)  --operator NAME (or GATEWAY_OPERATOR, else USER)",
      "output: --json prints the API's JSON",
      "");

  private static final Set<String> FILTERS = OpsFilters.flags();
  private static final long POLL_MILLIS = 1000;

  private final OpsArgs args;
  private final OpsClient client;
  private final PrintStream out;

  private OpsCommand(OpsArgs args, OpsClient client, PrintStream out) {
    this.args = args;
    this.client = client;
    this.out = out;
  }

  /** The jar's entry point: the real environment and the console. */
  public static int run(String[] args, Map<String, String> env) {
    return run(args, env, System.out, System.err);
  }

  public static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      OpsArgs args = OpsArgs.parse(argv);
      if (args.has("help") || args.words().equals(List.of("help"))) {
        out.print(USAGE);
        return 0;
      }
      if (args.words().isEmpty()) {
        throw new UsageException("which command?");
      }
      new OpsCommand(args, client(args, env), out).dispatch();
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
    String command = args.words().get(0);
    switch (command) {
      case "status" -> status();
      case "jobs" -> jobs();
      case "job" -> job();
      case "replay" -> replay();
      case "replays" -> replays();
      case "park", "unpark" -> park(command);
      case "callbacks" -> callbacks();
      default -> throw new UsageException("unknown command '" + command + "'");
    }
  }

  private void status() {
    expect("status", 0, Set.of());
    JsonObject status = client.get("/ops/status");
    print(status, OpsViews.status(status));
  }

  private void jobs() {
    expect("jobs", 0, OpsFilters.with(FILTERS, "limit", "cursor", "all"));
    if (args.has("all") && args.has("cursor")) {
      throw new UsageException("--all and --cursor do not go together");
    }
    Map<String, String> query = OpsFilters.query(args);
    JsonObject page = client.get(OpsClient.withQuery("/ops/jobs", query));
    if (args.has("all")) {
      page = allPages(query, page);
    }
    JsonArray jobs = page.getJsonArray("jobs", new JsonArray());
    String next = page.getString("next");
    print(page, OpsViews.jobs(jobs) + (next == null ? "" : "more: add --cursor " + next + "\n"));
  }

  private void job() {
    String id = expect("job", 1, Set.of());
    JsonObject job = client.get("/ops/jobs/" + OpsClient.segment(id));
    print(job, OpsViews.job(job));
  }

  private void replay() {
    if (args.has("task")) {
      expect("replay --task", 0, Set.of("task", "cancel", "wait"));
      String path = "/ops/replays/" + OpsClient.segment(args.value("task"));
      JsonObject task = args.has("cancel") ? client.post(path + "/cancel", null) : client.get(path);
      printTask(args.has("wait") ? awaitTask(path, task) : task);
    } else if (args.words().size() > 1) {
      String id = expect("replay", 1, Set.of());
      JsonObject accepted = client.post("/ops/jobs/" + OpsClient.segment(id) + "/replay", null);
      String outcome = accepted.getString("outcome");
      print(accepted, "replay of " + accepted.getString("id", id) + " accepted: now " + accepted.getString("state")
          + (outcome == null ? "" : " (outcome: " + outcome + ")") + "\n");
    } else {
      bulkReplay();
    }
  }

  private void bulkReplay() {
    expect("replay", 0, OpsFilters.with(FILTERS, "dry-run", "rate", "wait"));
    if (FILTERS.stream().noneMatch(args::has)) {
      throw new UsageException("replay needs a job id, --task ID, or a filter (e.g. --state dead)");
    }
    JsonObject body = new JsonObject().put("filter", OpsFilters.body(args)).put("dryRun", args.has("dry-run"));
    if (args.has("rate")) {
      body.put("ratePerSecond", args.decimal("rate", 1000));
    }
    JsonObject answer = client.post("/ops/replays", body);
    if (args.has("dry-run")) {
      print(answer, OpsViews.dryRun(answer));
    } else {
      String path = "/ops/replays/" + OpsClient.segment(answer.getString("id"));
      printTask(args.has("wait") ? awaitTask(path, answer) : answer);
    }
  }

  private void replays() {
    expect("replays", 0, Set.of());
    JsonObject tasks = client.get("/ops/replays");
    print(tasks, OpsViews.tasks(tasks.getJsonArray("tasks", new JsonArray())));
  }

  private void park(String command) {
    String id = expect(command, 1, Set.of());
    JsonObject job = client.post("/ops/jobs/" + OpsClient.segment(id) + "/" + command, null);
    print(job, "job " + job.getString("id", id) + " is now " + job.getString("state") + "\n");
  }

  private void callbacks() {
    expect("callbacks", 0, Set.of());
    JsonObject callbacks = client.get("/ops/callbacks");
    print(callbacks, OpsViews.callbacks(callbacks.getJsonArray("callbacks", new JsonArray())));
  }

  /** Follows the next cursors to the last page: one answer with every job and no next cursor. */
  private JsonObject allPages(Map<String, String> query, JsonObject first) {
    JsonArray jobs = first.getJsonArray("jobs", new JsonArray()).copy();
    String next = first.getString("next");
    while (next != null) {
      Map<String, String> paged = new LinkedHashMap<>(query);
      paged.put("cursor", next);
      JsonObject page = client.get(OpsClient.withQuery("/ops/jobs", paged));
      jobs.addAll(page.getJsonArray("jobs", new JsonArray()));
      next = page.getString("next");
    }
    return new JsonObject().put("jobs", jobs).putNull("next");
  }

  /** Polls a replay task until it is no longer running, printing its progress when it changes. */
  private JsonObject awaitTask(String path, JsonObject task) {
    String progress = "";
    while ("running".equals(task.getString("state"))) {
      String now = task.getValue("done", 0) + "/" + task.getValue("planned", 0);
      if (!now.equals(progress) && !args.has("json")) {
        out.println("running: " + now + " done");
      }
      progress = now;
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      task = client.get(path);
    }
    return task;
  }

  private void printTask(JsonObject task) {
    print(task, OpsViews.task(task));
  }

  /** Checks the number of arguments after the command and the flags; returns the single argument, if any. */
  private String expect(String command, int arguments, Set<String> flags) {
    args.allowOnly(command, flags);
    int given = args.words().size() - 1;
    if (given != arguments) {
      throw new UsageException("'" + command + "' takes " + (arguments == 0 ? "no argument" : "one argument")
          + ", got " + given);
    }
    return arguments == 0 ? null : args.words().get(1);
  }

  private void print(JsonObject json, String human) {
    out.print(args.has("json") ? json.encodePrettily() + "\n" : human);
    out.flush();
  }

  private static String firstOf(String a, String b, String fallback) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : fallback;
  }
}

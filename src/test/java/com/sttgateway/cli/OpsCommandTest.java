package com.sttgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.OpsFixture;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code ops} command against a real gateway (simulator upstream, embedded S3, Hazelcast member) with an
 * admin token. One gateway for the class; each test makes its own jobs under its own user token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsCommandTest {

  private Vertx vertx;
  private Path dataDir;
  private TestGateway env;

  /** What one run of the command printed and returned. */
  record Run(int code, String out, String err) {}

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    dataDir = Files.createTempDirectory("ops-cli");
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(), OpsFixture.SETTINGS);
  }

  @AfterAll
  void stop() {
    env.close();
    vertx.close().await();
  }

  @Test
  void statusShowsTheUpstreamAndTheJobsPerStateInATable() throws Exception {
    OpsFixture.queueJobs(env, unique("status"), 2);
    Run json = ops("status", "--json");
    long queued = new JsonObject(json.out()).getJsonObject("jobs").getLong("queued");
    assertThat(queued).isGreaterThanOrEqualTo(2);

    Run table = ops("status");
    assertThat(table.code()).isZero();
    assertThat(table.out()).containsPattern("(?m)^upstream +UP since ")
        .containsPattern("(?m)^STATE +JOBS$")
        .containsPattern("(?m)^queued +" + queued + "$")
        .containsPattern("(?m)^oldest unfinished +\\S+ \\((queued|submitted), ");
  }

  @Test
  void jobsFiltersByStateAndUserTokenAndPrintsTheApisJsonForScripts() throws Exception {
    String user = unique("list");
    List<String> ids = OpsFixture.queueJobs(env, user, 3);

    Run table = ops("jobs", "--state", "queued,submitted", "--user-token", user);
    assertThat(table.code()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("STATE", "ATTEMPTS");
    ids.forEach(id -> assertThat(table.out()).containsPattern("(?m)^" + id + " +queued "));

    Run json = ops("jobs", "--state", "queued", "--user-token", user, "--json");
    JsonArray jobs = new JsonObject(json.out()).getJsonArray("jobs");
    assertThat(jobs.stream().map(j -> ((JsonObject) j).getString("id")).toList()).containsExactlyElementsOf(ids);

    assertThat(ops("jobs", "--state", "dead", "--user-token", user).out()).isEqualTo("no jobs match\n");
  }

  @Test
  void jobsAllFollowsEveryPage() throws Exception {
    String user = unique("pages");
    List<String> ids = OpsFixture.queueJobs(env, user, 3);

    Run first = ops("jobs", "--user-token", user, "--limit", "2");
    assertThat(first.out()).contains(ids.get(0), ids.get(1)).doesNotContain(ids.get(2)).contains("--cursor ");
    Run all = ops("jobs", "--user-token", user, "--limit", "2", "--all", "--json");
    JsonObject page = new JsonObject(all.out());
    assertThat(page.getJsonArray("jobs").stream().map(j -> ((JsonObject) j).getString("id")).toList())
        .containsExactlyElementsOf(ids);
    assertThat(page.getString("next")).isNull();
  }

  @Test
  void jobShowsTheRecordWithItsHistory() throws Exception {
    String id = OpsFixture.queueJobs(env, unique("detail"), 1).get(0);
    Run run = ops("job", id);
    assertThat(run.code()).isZero();
    assertThat(run.out()).containsPattern("(?m)^id +" + id + "$").containsPattern("(?m)^state +queued$")
        .contains("\nhistory:\nAT ").containsPattern("(?m)^\\S+Z +queued ");
    assertThat(ops("job", "no-such-job").code()).isEqualTo(1);
  }

  @Test
  void replayResubmitsAQueuedJobAndTheHistoryNamesTheOperator() throws Exception {
    String id = OpsFixture.queueJobs(env, unique("replay"), 1).get(0);
    long created = env.simulator.stats().jobsCreated();

    Run run = ops("replay", id, "--operator", "alice");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("replay of " + id + " accepted: now ");
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      JsonObject job = new JsonObject(ops("job", id, "--json").out());
      assertThat(job.getString("state")).isEqualTo("submitted");
      assertThat(job.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("by")))
          .contains("alice");
    });
    assertThat(env.simulator.stats().jobsCreated()).isEqualTo(created + 1);
  }

  @Test
  void parkMakesAJobDeadAndUnparkQueuesItForResubmission() throws Exception {
    String id = OpsFixture.queueJobs(env, unique("park"), 1).get(0);
    Run park = ops("park", id);
    assertThat(park.out()).isEqualTo("job " + id + " is now dead\n");
    assertThat(ops("jobs", "--state", "dead", "--json").out()).contains(id);
    Run unpark = ops("unpark", id);
    assertThat(unpark.out()).isEqualTo("job " + id + " is now queued\n");
    // An unparked job is resubmitted at once, after the answer: wait for it so no other test sees it move.
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(new JsonObject(ops("job", id, "--json").out()).getString("state")).isEqualTo("submitted"));
  }

  @Test
  void bulkReplayPlansWithADryRunThenRunsAsATask() throws Exception {
    String user = unique("bulk");
    List<String> ids = OpsFixture.queueJobs(env, user, 2);
    ids.forEach(id -> assertThat(ops("park", id).code()).isZero());

    Run plan = ops("replay", "--state", "dead", "--user-token", user, "--dry-run");
    assertThat(plan.out()).startsWith("dry run: 2 job(s) would be replayed");
    Run run = ops("replay", "--state", "dead", "--user-token", user, "--rate", "10", "--wait");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("(?m)^state +completed$")
        .containsPattern("(?m)^progress +done 2, failed 0, skipped 0 of 2 planned$");
    assertThat(ops("jobs", "--state", "dead", "--user-token", user).out()).isEqualTo("no jobs match\n");
  }

  @Test
  void callbacksListsTheJournaledRegistrations() throws Exception {
    HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("Content-Type", "text/plain").end(req.getParam("challenge_string", ""))).listen(0).await();
    try {
      String url = "http://127.0.0.1:" + receiver.actualPort() + "/results";
      HttpResponse<String> registered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.url()
          + "/v1/register_callback?user_secret=s3cr3t&callback_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)))
          .header("Authorization", TestGateway.AUTH).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(registered.statusCode()).as(registered.body()).isBetween(200, 201);

      Run run = ops("callbacks");
      assertThat(run.out().lines().findFirst().orElseThrow()).startsWith("URL").contains("SECRET", "LAST RESULT");
      assertThat(run.out()).containsPattern("(?m)^" + url + " +[0-9a-f]{12} +yes ").doesNotContain("s3cr3t");
    } finally {
      receiver.close().await();
    }
  }

  @Test
  void theTokenComesFromTheEnvironmentUnlessAFlagOverridesIt() {
    Map<String, String> good = Map.of("GATEWAY_ADMIN_URL", env.adminUrl(), "GATEWAY_OPS_TOKEN", OpsFixture.TOKEN);
    Map<String, String> bad = Map.of("GATEWAY_ADMIN_URL", env.adminUrl(), "GATEWAY_OPS_TOKEN", "wrong");
    assertThat(run(good, "status").code()).isZero();
    assertThat(run(bad, "status").code()).isEqualTo(1);
    assertThat(run(bad, "status", "--token", OpsFixture.TOKEN).code()).isZero();
    assertThat(run(good, "status", "--token", "wrong").code()).isEqualTo(1);
    assertThat(run(Map.of("GATEWAY_OPS_TOKEN", OpsFixture.TOKEN), "status", "--url", env.adminUrl()).code()).isZero();
  }

  @Test
  void aRefusedTokenExitsOneWithAClearMessageAndIsNeverPrinted() {
    String secret = "not-the-token-" + UUID.randomUUID();
    Run run = run(Map.of(), "jobs", "--url", env.adminUrl(), "--token", secret);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).startsWith("ops: 401: ").contains("--token or GATEWAY_OPS_TOKEN");
    assertThat(run.out() + run.err()).doesNotContain(secret);
    assertThat(run(Map.of(), "status", "--url", env.adminUrl()).err()).startsWith("ops: 401: ");
  }

  @Test
  void anUnreachableAdminPortExitsOne() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Run run = run(Map.of(), "status", "--url", "http://127.0.0.1:" + closed);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).startsWith("ops: cannot reach the admin port at http://127.0.0.1:" + closed);
  }

  @Test
  void badUsageExitsTwoWithTheUsage() {
    for (String[] args : List.of(new String[] {}, new String[] {"frobnicate"}, new String[] {"job"},
        new String[] {"job", "a", "b"}, new String[] {"jobs", "--state", "bogus"}, new String[] {"replay"},
        new String[] {"jobs", "--limit", "0"}, new String[] {"status", "--state", "queued"},
        new String[] {"jobs", "--colour"}, new String[] {"jobs", "--tenant"})) {
      Run run = run(Map.of(), args);
      assertThat(run.code()).as(Arrays.toString(args)).isEqualTo(2);
      assertThat(run.err()).as(Arrays.toString(args)).contains("usage: ");
    }
    Run help = run(Map.of(), "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("usage: ");
  }

  /** Runs the command with the gateway's URL and token as flags. */
  private Run ops(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", env.adminUrl(), "--token", OpsFixture.TOKEN));
    return run(Map.of(), all.toArray(String[]::new));
  }

  private static Run run(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = OpsCommand.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

package com.sttgateway.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.CreateJobOptions;
import com.ibm.watson.speech_to_text.v1.model.RegisterCallbackOptions;
import com.ibm.watson.speech_to_text.v1.model.RegisterStatus;
import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobState;
import com.sttgateway.simulator.SignatureAlgorithm;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * P4 relay mode end to end: a client registered through the gateway receives every job's notifications under its
 * own ids, signed with its secret, in order and exactly once, across an upstream wipe half-way.
 */
@ExtendWith(VertxExtension.class)
class RelayEndToEndTest {

  private static final String SECRET = "client-secret-42";
  private static final String STARTED = "recognitions.started";
  private static final String RESULTS = "recognitions.completed_with_results";

  @TempDir Path dataDir;
  private TestGateway env;
  private Receiver receiver;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  void sha1UpstreamResignedWithSha256ReachesTheClientOncePerEventInOrderAcrossAWipe(Vertx vertx) {
    relaysTwentyJobsAcrossAWipe(vertx, SignatureAlgorithm.SHA1, "sha256");
  }

  @Test
  void sha256UpstreamResignedWithSha1ReachesTheClientOncePerEventInOrderAcrossAWipe(Vertx vertx) {
    relaysTwentyJobsAcrossAWipe(vertx, SignatureAlgorithm.SHA256, "sha1");
  }

  private void relaysTwentyJobsAcrossAWipe(Vertx vertx, SignatureAlgorithm upstream, String client) {
    env = RelayFixture.start(vertx, dataDir, SimulatorOptions.defaults().withSignature(upstream)
        .withWaiting(Duration.ofMillis(50)).withProcessing(Duration.ofMillis(3000)),
        Map.of("GATEWAY_CALLBACKS_SIGNATURE_ALGORITHM", client));
    receiver = Receiver.start(vertx, SECRET, client);
    String url = receiver.url("/hooks?tenant=a");
    SpeechToText stt = RelayFixture.sdk(env);

    RegisterStatus registered = stt.registerCallback(new RegisterCallbackOptions.Builder().callbackUrl(url)
        .userSecret(SECRET).build()).execute().getResult();
    assertThat(registered.getStatus()).isEqualTo("created");
    assertThat(receiver.challenges).singleElement().satisfies(c -> {
      assertThat(c.signatureValid()).isTrue();
      assertThat(c.accept()).isEqualTo("text/plain");
    });
    assertThat(env.simulator.stats().allowlistedCallbacks())
        .containsExactly(env.url() + RelayRegistrar.PATH).doesNotContain(url);

    Map<String, String> tokens = new LinkedHashMap<>();
    List<String> firstHalf = submit(stt, url, 0, 10, tokens);
    await().atMost(Duration.ofSeconds(20)).until(() -> firstHalf.stream().allMatch(id -> has(id, RESULTS)));
    List<String> secondHalf = submit(stt, url, 10, 20, tokens);
    await().atMost(Duration.ofSeconds(10)).until(() -> secondHalf.stream().allMatch(id -> has(id, STARTED)));
    env.simulator.wipe(); // the second half is lost upstream while processing

    await().atMost(Duration.ofSeconds(30)).until(() -> tokens.keySet().stream().allMatch(id -> has(id, RESULTS)));
    assertThat(receiver.notifications).allSatisfy(n -> {
      assertThat(n.signatureValid()).as("signature of " + n).isTrue();
      assertThat(tokens).containsKey(n.id());
      assertThat(n.userToken()).isEqualTo(tokens.get(n.id()));
    });
    tokens.keySet().forEach(id -> {
      List<String> events = receiver.of(id).stream().map(Receiver.Notification::event).toList();
      assertThat(events).as("events of " + id).endsWith(RESULTS).containsOnlyOnce(RESULTS)
          .containsAnyOf(STARTED, RESULTS).filteredOn(STARTED::equals).hasSizeLessThanOrEqualTo(1);
      assertThat(receiver.of(id).get(receiver.of(id).size() - 1).body().getJsonArray("results")).isNotEmpty();
    });
    // Jobs the wipe lost were resubmitted: their started was relayed before the wipe, and their second one not.
    List<String> resubmitted = secondHalf.stream().filter(id -> env.gateway.journal().get(id).await().history()
        .stream().anyMatch(h -> h.event().equals("resubmitted"))).toList();
    assertThat(resubmitted).isNotEmpty();
    assertThat(env.simulator.stats().jobsCreated()).isEqualTo(20 + resubmitted.size());
    resubmitted.forEach(id -> assertThat(receiver.of(id)).extracting(Receiver.Notification::event)
        .as("events of resubmitted " + id).containsExactly(STARTED, RESULTS));
    // Resubmissions carried the gateway's marker as their token upstream; the client's list shows its own.
    assertThat(stt.checkJobs().execute().getResult().getRecognitions())
        .filteredOn(job -> resubmitted.contains(job.getId())).isNotEmpty()
        .allSatisfy(job -> assertThat(job.getUserToken()).as(job.getId()).isEqualTo(tokens.get(job.getId())));
    assertThat(env.simulator.stats().allowlistedCallbacks()).as("recovery re-registered only the relay URL")
        .containsExactly(env.url() + RelayRegistrar.PATH);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> tokens.keySet().forEach(id ->
        assertThat(env.gateway.journal().get(id).await().state()).as(id).isEqualTo(JobState.RETRIEVED)));
  }

  private List<String> submit(SpeechToText stt, String url, int from, int to, Map<String, String> tokens) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String id = stt.createJob(new CreateJobOptions.Builder()
          .audio(new ByteArrayInputStream(RelayFixture.audio(500 + i, i))).contentType("audio/wav")
          .callbackUrl(url).events(STARTED + "," + RESULTS).userToken("job-" + i).build())
          .execute().getResult().getId();
      tokens.put(id, "job-" + i);
      ids.add(id);
    }
    return ids;
  }

  private boolean has(String id, String event) {
    return receiver.of(id).stream().anyMatch(n -> n.event().equals(event));
  }
}

package com.sttgateway.models;

import static com.sttgateway.models.VaultSteps.addAudio;
import static com.sttgateway.models.VaultSteps.addCorpus;
import static com.sttgateway.models.VaultSteps.addLanguageData;
import static com.sttgateway.models.VaultSteps.audio;
import static com.sttgateway.models.VaultSteps.createAcousticModel;
import static com.sttgateway.models.VaultSteps.createLanguageModel;
import static com.sttgateway.models.VaultSteps.trainAcousticModel;
import static com.sttgateway.models.VaultSteps.trainLanguageModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.AcousticModel;
import com.ibm.watson.speech_to_text.v1.model.LanguageModel;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.CustomizationOptions;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /ops/models/{id}/verify}: a drill model built from the vault, compared, and always deleted. */
@ExtendWith(VertxExtension.class)
class VaultVerifyTest {

  private static final String TOKEN = "verify-test-token";

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  private void start(Vertx vertx, SimulatorOptions sim) {
    Map<String, String> settings = new HashMap<>(VaultSteps.fast());
    settings.put("GATEWAY_OPS_TOKEN", TOKEN);
    env = TestGateway.start(vertx, dataDir, sim, settings);
  }

  @Test
  void aGoodModelVerifiesOkAndNoDrillModelIsLeftUpstream(Vertx vertx) throws Exception {
    start(vertx, VaultSteps.options(Duration.ofMillis(50)));
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String lm = createLanguageModel(stt, "lm");
    addLanguageData(stt, lm);
    trainLanguageModel(stt, lm, "available");
    String am = createAcousticModel(stt, "am");
    addAudio(stt, am, audio(64_000, 9));
    trainAcousticModel(stt, am, lm);

    for (String id : List.of(lm, am)) {
      HttpResponse<String> started = call("POST", "/ops/models/" + id + "/verify", TOKEN);
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      assertThat(call("POST", "/ops/models/" + id + "/verify", TOKEN).statusCode()).as("a second drill at once")
          .isEqualTo(409);
      JsonObject drill = finished(id);
      assertThat(drill.getString("state")).as(drill.encodePrettily()).isEqualTo("ok");
      assertThat(drill.getJsonArray("differences")).isEmpty();
      assertThat(drill.getString("cleanup")).startsWith("deleted");
      assertThat(drill.getJsonObject("progress").getString("upstreamId")).isNotIn(lm, am);
    }

    SpeechToText direct = VaultSteps.sdk(env.simulator.baseUrl(), "x");
    assertThat(direct.listLanguageModels().execute().getResult().getCustomizations())
        .extracting(LanguageModel::getCustomizationId).containsExactly(lm);
    assertThat(direct.listAcousticModels().execute().getResult().getCustomizations())
        .extracting(AcousticModel::getCustomizationId).containsExactly(am);
    JsonObject entry = ops("/ops/models/" + lm);
    assertThat(entry.getString("state")).isEqualTo("active");
    assertThat(entry.getString("upstreamId")).isEqualTo(lm);
    assertThat(entry.getJsonArray("history")).anySatisfy(h -> {
      assertThat(((JsonObject) h).getString("event")).isEqualTo("verified");
      assertThat(((JsonObject) h).getString("by")).isEqualTo("drill-operator");
      assertThat(((JsonObject) h).getString("detail")).startsWith("ok");
    });
    assertThat(entry.getJsonArray("history")).noneSatisfy(h ->
        assertThat(((JsonObject) h).getString("event")).isIn("lost", "restored", "parked"));
  }

  @Test
  void contentTheUpstreamRefusesIsReportedWithTheReasonAndNoDrillModelIsLeft(Vertx vertx) throws Exception {
    start(vertx, VaultSteps.options(Duration.ofMillis(50)));
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String bad = createLanguageModel(stt, "bad");
    addCorpus(stt, bad, "poison", "SIMFAIL this corpus cannot be used\n");
    trainLanguageModel(stt, bad, "failed");

    assertThat(call("POST", "/ops/models/" + bad + "/verify", TOKEN).statusCode()).isEqualTo(202);
    JsonObject drill = finished(bad);
    assertThat(drill.getString("state")).as(drill.encodePrettily()).isEqualTo("failed");
    assertThat(drill.getString("reason")).contains("failed to train");
    assertThat(drill.getString("cleanup")).startsWith("deleted");
    assertThat(VaultSteps.sdk(env.simulator.baseUrl(), "x").listLanguageModels().execute().getResult()
        .getCustomizations()).extracting(LanguageModel::getCustomizationId).containsExactly(bad);
    assertThat(ops("/ops/models/" + bad).getJsonArray("history")).anySatisfy(h ->
        assertThat(((JsonObject) h).getString("detail")).contains("failed to train"));
  }

  @Test
  void contentTheVaultNeverSawIsReportedAsADifference(Vertx vertx) throws Exception {
    start(vertx, VaultSteps.options(Duration.ofMillis(50)));
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String lm = createLanguageModel(stt, "lm");
    addCorpus(stt, lm, "reports", VaultSteps.CORPUS);
    trainLanguageModel(stt, lm, "available");
    // Added straight to the service, behind the gateway's back: the vault cannot rebuild it.
    addCorpus(VaultSteps.sdk(env.simulator.baseUrl(), "x"), lm, "sneaky", "Frobnicate the Snorkelwhacker.\n");

    assertThat(call("POST", "/ops/models/" + lm + "/verify", TOKEN).statusCode()).isEqualTo(202);
    JsonObject drill = finished(lm);
    assertThat(drill.getString("state")).as(drill.encodePrettily()).isEqualTo("mismatch");
    assertThat(drill.getJsonArray("differences").encode()).contains("missing from the drill model")
        .containsIgnoringCase("snorkelwhacker");
    assertThat(drill.getString("cleanup")).startsWith("deleted");
  }

  @Test
  void aDrillThatTimesOutIsReportedAndItsModelDeleted(Vertx vertx) throws Exception {
    start(vertx, SimulatorOptions.defaults().withCustomization(CustomizationOptions.defaults()
        .withResourceProcessing(Duration.ofMillis(50)).withTraining(Duration.ofSeconds(10))));
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String lm = createLanguageModel(stt, "slow");
    addCorpus(stt, lm, "reports", VaultSteps.CORPUS);
    trainLanguageModel(stt, lm, "training");

    assertThat(call("POST", "/ops/models/" + lm + "/verify?timeoutSeconds=2", TOKEN).statusCode()).isEqualTo(202);
    JsonObject drill = finished(lm);
    assertThat(drill.getString("state")).as(drill.encodePrettily()).isEqualTo("timed_out");
    assertThat(drill.getString("reason")).contains("after 2 s");
    assertThat(drill.getString("cleanup")).startsWith("deleted");
    assertThat(VaultSteps.sdk(env.simulator.baseUrl(), "x").listLanguageModels().execute().getResult()
        .getCustomizations()).extracting(LanguageModel::getCustomizationId).containsExactly(lm);
  }

  @Test
  void anUnknownModelIs404AndNoTokenIs401(Vertx vertx) throws Exception {
    start(vertx, VaultSteps.options(Duration.ofMillis(50)));
    HttpResponse<String> unknown = call("POST", "/ops/models/no-such-model/verify", TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getString("error")).contains("no-such-model");
    assertThat(call("POST", "/ops/models/no-such-model/verify", null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/ops/models/no-such-model/verify", null).statusCode()).isEqualTo(401);
  }

  /** Polls the drill of {@code id} until it has finished (its model deleted). */
  private JsonObject finished(String id) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> ops("/ops/models/" + id + "/verify"), d -> d.getString("finished") != null);
  }

  private JsonObject ops(String path) throws Exception {
    HttpResponse<String> r = call("GET", path, TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private HttpResponse<String> call(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(env.adminUrl() + path)).header("X-Operator",
        "drill-operator").method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

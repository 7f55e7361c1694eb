package com.sttgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.AddCorpusOptions;
import com.ibm.watson.speech_to_text.v1.model.Corpus;
import com.ibm.watson.speech_to_text.v1.model.CreateLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.DeleteLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.GetLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.LanguageModel;
import com.ibm.watson.speech_to_text.v1.model.ListCorporaOptions;
import com.ibm.watson.speech_to_text.v1.model.TrainLanguageModelOptions;
import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.CustomizationOptions;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/** The model vault in a cluster: every member sees every model, maps its id, and its loss is restored once. */
@ExtendWith(VertxExtension.class)
class ClusterVaultTest {

  @TempDir Path dir;
  private ClusterFixture cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aModelBuiltThroughOneMemberIsListedMappedAndRestoredThroughTheOther(Vertx vertx) throws Exception {
    SimulatorOptions sim = SimulatorOptions.defaults().withCustomization(CustomizationOptions.defaults()
        .withResourceProcessing(Duration.ofMillis(50)).withTraining(Duration.ofMillis(100)));
    // No recovery run (no timer, no DOWN->UP on a loaded machine): a loss is found by a client's request through the
    // second member only, and a model the first member owns is restored by it, handed over through the vault.
    cluster = ClusterFixture.start(vertx, dir, 2, sim, ClusterOwnershipTest.settings(Map.of(
        "GATEWAY_RECOVERY_INTERVAL_SECONDS", "3600", "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "1000",
        "GATEWAY_HEALTH_FAILURES_TO_DOWN", "100")));
    SpeechToText viaA = sdk(cluster.url(0));
    SpeechToText viaB = sdk(cluster.url(1));
    List<String> models = modelsOwnedByEachMember(viaA, cluster.gateways.get(0));
    for (String id : models) {
      viaA.addCorpus(new AddCorpusOptions.Builder(id, "reports", new ByteArrayInputStream(
          "The Zorblax report mentions Quibbleton.\n".getBytes(StandardCharsets.UTF_8))).build()).execute();
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
        viaA.trainLanguageModel(new TrainLanguageModelOptions.Builder(id).build()).execute();
        return true;
      });
      awaitAvailable(viaA, id);
    }

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonArray listed = new JsonObject(get(cluster.gateways.get(1).adminPort(), "/ops/models")).getJsonArray("models");
      assertThat(listed.stream().map(m -> ((JsonObject) m).getString("id"))).containsAll(models);
    });
    cluster.simulator.wipe();

    for (String id : models) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .untilAsserted(() -> assertThat(status(viaB, id)).isEqualTo("available"));
      assertThat(viaB.listCorpora(new ListCorporaOptions.Builder(id).build()).execute().getResult().getCorpora())
          .extracting(Corpus::getName).containsExactly("reports");
      HttpResponse<String> sync = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.url(1)
          + "/v1/recognize?language_customization_id=" + id)).header("Authorization", TestGateway.AUTH)
          .header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[3200])).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
      assertThat(sync.body()).contains("|lm:");
    }
    List<LanguageModel> upstream = sdk(cluster.simulator.baseUrl()).listLanguageModels().execute().getResult()
        .getCustomizations();
    assertThat(upstream).as("each lost model restored once, by one member").hasSize(models.size());
    assertThat(upstream).extracting(LanguageModel::getCustomizationId).doesNotContainAnyElementsOf(models);
  }

  /** Creates models through {@code via} until one is owned by each member (the first member's first); deletes the rest. */
  private List<String> modelsOwnedByEachMember(SpeechToText via, Gateway any) {
    Map<String, String> byOwner = new LinkedHashMap<>();
    List<String> extra = new ArrayList<>();
    for (int i = 0; i < 30 && byOwner.size() < 2; i++) {
      String id = via.createLanguageModel(new CreateLanguageModelOptions.Builder("lm-" + i, "en-US_BroadbandModel")
          .build()).execute().getResult().getCustomizationId();
      if (byOwner.putIfAbsent(ClusterFixture.ownerOf(any, id), id) != null) {
        extra.add(id);
      }
    }
    assertThat(byOwner).as("a model owned by each member").hasSize(2);
    extra.forEach(id -> via.deleteLanguageModel(new DeleteLanguageModelOptions.Builder(id).build()).execute());
    // The first member's model first: its loss, found through the second member, must be handed to its owner.
    String first = byOwner.remove(any.journal().member());
    return List.of(first, byOwner.values().iterator().next());
  }

  private static void awaitAvailable(SpeechToText via, String id) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> status(via, id).equals("available"));
  }

  private static String status(SpeechToText via, String id) {
    LanguageModel m = via.getLanguageModel(new GetLanguageModelOptions.Builder(id).build()).execute().getResult();
    assertThat(m.getCustomizationId()).isEqualTo(id);
    return m.getStatus();
  }

  private static SpeechToText sdk(String url) {
    SpeechToText stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password("x").build());
    stt.setServiceUrl(url);
    return stt;
  }

  private static String get(int adminPort, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}

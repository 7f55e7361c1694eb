package com.sttgateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
import com.ibm.cloud.sdk.core.service.exception.NotFoundException;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.CheckJobOptions;
import com.ibm.watson.speech_to_text.v1.model.CreateJobOptions;
import com.ibm.watson.speech_to_text.v1.model.DeleteJobOptions;
import com.ibm.watson.speech_to_text.v1.model.RecognitionJob;
import com.ibm.watson.speech_to_text.v1.model.RecognizeOptions;
import com.ibm.watson.speech_to_text.v1.model.RecognizeWithWebsocketsOptions;
import com.ibm.watson.speech_to_text.v1.model.RegisterCallbackOptions;
import com.ibm.watson.speech_to_text.v1.model.RegisterStatus;
import com.ibm.watson.speech_to_text.v1.model.SpeechRecognitionResults;
import com.ibm.watson.speech_to_text.v1.model.UnregisterCallbackOptions;
import com.ibm.watson.speech_to_text.v1.websocket.BaseRecognizeCallback;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The official Watson Java SDK, pointed at the gateway, uses every route against the simulator. */
@ExtendWith(VertxExtension.class)
class SdkThroughGatewayTest {

  @TempDir Path dataDir;
  private TestGateway env;
  private SpeechToText stt;

  @BeforeEach
  void start(Vertx vertx) {
    SimulatorOptions sim = SimulatorOptions.defaults().withWaiting(Duration.ofMillis(50))
        .withProcessing(Duration.ofMillis(100)).withBasePath("/instances/test-instance");
    env = TestGateway.start(vertx, dataDir, sim, Map.of());
    stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password("x").build());
    stt.setServiceUrl(env.url());
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void asyncJobLifecycleWorksThroughTheGatewayByteExact() {
    byte[] audio = audio(50_000, 1);
    RecognitionJob created = stt.createJob(new CreateJobOptions.Builder()
        .audio(new ByteArrayInputStream(audio)).contentType("audio/wav").build()).execute().getResult();
    assertThat(created.getStatus()).isIn("waiting", "processing");

    RecognitionJob done = await().atMost(10, TimeUnit.SECONDS).until(
        () -> stt.checkJob(new CheckJobOptions.Builder(created.getId()).build()).execute().getResult(),
        job -> "completed".equals(job.getStatus()));
    assertThat(transcript(done.getResults().get(0))).isEqualTo("sha256:" + sha256(audio));
    assertThat(stt.checkJobs().execute().getResult().getRecognitions())
        .anySatisfy(j -> assertThat(j.getId()).isEqualTo(created.getId()));

    stt.deleteJob(new DeleteJobOptions.Builder(created.getId()).build()).execute();
    assertThatThrownBy(() -> stt.checkJob(new CheckJobOptions.Builder(created.getId()).build()).execute())
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void callbackRegistrationHandshakeWorksThroughTheGateway(Vertx vertx) {
    HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("Content-Type", "text/plain").end(req.getParam("challenge_string", ""))).listen(0).await();
    String url = "http://127.0.0.1:" + receiver.actualPort() + "/results";

    RegisterStatus first = stt.registerCallback(new RegisterCallbackOptions.Builder().callbackUrl(url)
        .userSecret("ThisIsMySecret").build()).execute().getResult();
    RegisterStatus second = stt.registerCallback(new RegisterCallbackOptions.Builder().callbackUrl(url).build())
        .execute().getResult();
    assertThat(first.getStatus()).isEqualTo("created");
    assertThat(second.getStatus()).isEqualTo("already created");
    assertThat(env.simulator.stats().allowlistedCallbacks()).contains(url);

    stt.unregisterCallback(new UnregisterCallbackOptions.Builder(url).build()).execute();
    assertThat(env.simulator.stats().allowlistedCallbacks()).doesNotContain(url);
  }

  @Test
  void synchronousRecognizeIsByteExact() {
    byte[] audio = audio(300_000, 2);
    SpeechRecognitionResults results = stt.recognize(new RecognizeOptions.Builder()
        .audio(new ByteArrayInputStream(audio)).contentType("audio/wav").build()).execute().getResult();
    assertThat(transcript(results)).isEqualTo("sha256:" + sha256(audio));
  }

  @Test
  void webSocketRecognizeIsByteExact() throws Exception {
    byte[] audio = audio(120_000, 3);
    CompletableFuture<SpeechRecognitionResults> result = new CompletableFuture<>();
    stt.recognizeUsingWebSocket(new RecognizeWithWebsocketsOptions.Builder()
        .audio(new ByteArrayInputStream(audio)).contentType("audio/l16;rate=16000").build(),
        new BaseRecognizeCallback() {
          @Override
          public void onTranscription(SpeechRecognitionResults r) {
            result.complete(r);
          }

          @Override
          public void onError(Exception e) {
            result.completeExceptionally(e);
          }
        });
    assertThat(transcript(result.get(10, TimeUnit.SECONDS))).isEqualTo("sha256:" + sha256(audio));
  }

  @Test
  void clientsKeepingTheUpstreamBasePathReachTheSameInstance() {
    stt.setServiceUrl(env.url() + "/instances/test-instance");
    byte[] audio = audio(1_000, 4);
    RecognitionJob created = stt.createJob(new CreateJobOptions.Builder()
        .audio(new ByteArrayInputStream(audio)).contentType("audio/wav").build()).execute().getResult();
    assertThat(created.getUrl()).contains("/instances/test-instance/v1/recognitions/" + created.getId());
    stt.setServiceUrl(env.url());
    assertThat(stt.checkJob(new CheckJobOptions.Builder(created.getId()).build()).execute().getResult().getId())
        .isEqualTo(created.getId());
  }

  static String transcript(SpeechRecognitionResults results) {
    return results.getResults().get(0).getAlternatives().get(0).getTranscript();
  }

  static byte[] audio(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package com.sttgateway.simulator;

import static com.sttgateway.simulator.SimTestSupport.audio;
import static com.sttgateway.simulator.SimTestSupport.fastOptions;
import static com.sttgateway.simulator.SimTestSupport.sha256;
import static com.sttgateway.simulator.SimTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
import com.ibm.cloud.sdk.core.security.BearerTokenAuthenticator;
import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import com.ibm.cloud.sdk.core.service.exception.NotFoundException;
import com.ibm.cloud.sdk.core.service.exception.TooManyRequestsException;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.CheckJobOptions;
import com.ibm.watson.speech_to_text.v1.model.CreateJobOptions;
import com.ibm.watson.speech_to_text.v1.model.DeleteJobOptions;
import com.ibm.watson.speech_to_text.v1.model.RecognitionJob;
import com.ibm.watson.speech_to_text.v1.model.RecognizeOptions;
import com.ibm.watson.speech_to_text.v1.model.RecognizeWithWebsocketsOptions;
import com.ibm.watson.speech_to_text.v1.model.RegisterCallbackOptions;
import com.ibm.watson.speech_to_text.v1.model.RegisterStatus;
import com.ibm.watson.speech_to_text.v1.model.SpeechModels;
import com.ibm.watson.speech_to_text.v1.model.SpeechRecognitionResults;
import com.ibm.watson.speech_to_text.v1.model.UnregisterCallbackOptions;
import com.ibm.watson.speech_to_text.v1.websocket.BaseRecognizeCallback;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The official Java SDK 16.2.0 against the simulator: what real clients of the gateway will send. */
@ExtendWith(VertxExtension.class)
class WatsonSdkCompatibilityTest {

  @Test
  void sdkRegistersCreatesChecksListsDeletesJobsAndUnregisters(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withApiKey("sdk-key").withBasePath("/instances/abc"));
    CallbackServer callbacks = CallbackServer.start(vertx);
    SpeechToText stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password("sdk-key")
        .build());
    stt.setServiceUrl(simulator.baseUrl());
    String url = callbacks.url("/results?x=1&y=2");
    byte[] audio = audio(4000, 1);

    RegisterStatus registered = stt.registerCallback(new RegisterCallbackOptions.Builder().callbackUrl(url)
        .userSecret("sdk-secret").build()).execute().getResult();
    RecognitionJob created = stt.createJob(new CreateJobOptions.Builder().audio(new ByteArrayInputStream(audio))
        .contentType("audio/wav").callbackUrl(url).userToken("job 25/ü")
        .events("recognitions.started,recognitions.completed_with_results").build()).execute().getResult();
    await().atMost(Duration.ofSeconds(5)).until(() -> check(stt, created.getId()).getStatus().equals("completed"));
    RecognitionJob done = check(stt, created.getId());
    List<RecognitionJob> listed = stt.checkJobs().execute().getResult().getRecognitions();
    stt.deleteJob(new DeleteJobOptions.Builder(created.getId()).build()).execute();
    stt.unregisterCallback(new UnregisterCallbackOptions.Builder(url).build()).execute();

    assertThat(registered.getStatus()).isEqualTo("created");
    assertThat(registered.getUrl()).isEqualTo(url);
    assertThat(created.getStatus()).isEqualTo("waiting");
    assertThat(created.getUrl()).endsWith("/instances/abc/v1/recognitions/" + created.getId());
    assertThat(done.getResults().get(0).getResults().get(0).getAlternatives().get(0).getTranscript())
        .isEqualTo("sha256:" + sha256(audio));
    assertThat(listed).extracting(RecognitionJob::getUserToken).containsExactly("job 25/ü");
    assertThatThrownBy(() -> check(stt, created.getId())).isInstanceOf(NotFoundException.class);
    assertThat(simulator.stats().allowlistedCallbacks()).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.posts().size() == 2);
  }

  @Test
  void sdkIamAuthenticatorGetsItsTokenFromTheIamStandInAndTheApiAcceptsIt(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withApiKey("sdk-key").withBasePath("/instances/abc"));
    IamAuthenticator iam = new IamAuthenticator.Builder().apikey("sdk-key")
        .url("http://127.0.0.1:" + simulator.port()).build(); // the SDK appends /identity/token
    SpeechToText stt = new SpeechToText(iam);
    stt.setServiceUrl(simulator.baseUrl());

    SpeechModels first = stt.listModels().execute().getResult();
    SpeechModels second = stt.listModels().execute().getResult();

    assertThat(first.getModels()).isNotEmpty();
    assertThat(second.getModels()).hasSameSizeAs(first.getModels());
    assertThat(simulator.stats().iamTokensIssued()).isEqualTo(1);
  }

  @Test
  void sdkGzipCompressedChunkedUploadIsHashedAsTheOriginalAudio(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    SpeechToText stt = new SpeechToText(new BearerTokenAuthenticator("token"));
    stt.setServiceUrl(simulator.baseUrl());
    stt.enableGzipCompression(true);
    byte[] audio = audio(20_000, 2);

    stt.createJob(new CreateJobOptions.Builder().audio(new ByteArrayInputStream(audio)).contentType("audio/wav")
        .build()).execute();

    assertThat(simulator.stats().jobsCreatedByAudioSha256()).containsOnlyKeys(sha256(audio));
  }

  @Test
  void sdkRecognizesOverHttpAndWebSocket(Vertx vertx) throws Exception {
    Simulator simulator = start(vertx, fastOptions());
    SpeechToText stt = new SpeechToText(new BearerTokenAuthenticator("token"));
    stt.setServiceUrl(simulator.baseUrl());
    byte[] audio = audio(5000, 3);

    SpeechRecognitionResults sync = stt.recognize(new RecognizeOptions.Builder().audio(new ByteArrayInputStream(audio))
        .contentType("audio/wav").build()).execute().getResult();
    List<SpeechRecognitionResults> streamed = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    stt.recognizeUsingWebSocket(new RecognizeWithWebsocketsOptions.Builder().audio(new ByteArrayInputStream(audio))
        .contentType("audio/l16;rate=16000").build(), new BaseRecognizeCallback() {
          @Override
          public void onTranscription(SpeechRecognitionResults results) {
            streamed.add(results);
          }

          @Override
          public void onError(Exception e) {
            finished.completeExceptionally(e);
          }

          @Override
          public void onDisconnected() {
            finished.complete(null);
          }
        });
    finished.get(10, TimeUnit.SECONDS);

    assertThat(sync.getResults().get(0).getAlternatives().get(0).getTranscript()).isEqualTo("sha256:" + sha256(audio));
    assertThat(streamed).singleElement().satisfies(results -> assertThat(
        results.getResults().get(0).getAlternatives().get(0).getTranscript()).isEqualTo("sha256:" + sha256(audio)));
  }

  @Test
  void sdkSeesThrottlingAsTooManyRequests(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    SpeechToText stt = new SpeechToText(new BearerTokenAuthenticator("token"));
    stt.setServiceUrl(simulator.baseUrl());

    simulator.throttle(1.0, 1);

    assertThatThrownBy(() -> stt.checkJobs().execute()).isInstanceOf(TooManyRequestsException.class);
  }

  private static RecognitionJob check(SpeechToText stt, String id) {
    return stt.checkJob(new CheckJobOptions.Builder(id).build()).execute().getResult();
  }
}

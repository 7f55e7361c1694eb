package com.sttgateway.jobs;

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
import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** P1 and P2 through the official SDK: every job journaled before its 201, under an id that never changes. */
@ExtendWith(VertxExtension.class)
class JournaledSubmitTest {

  @TempDir Path dataDir;
  private TestGateway env;

  @BeforeEach
  void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults().withWaiting(Duration.ofMillis(50))
        .withProcessing(Duration.ofMillis(100)), Map.of());
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void journalsEachJobByteIdenticalAndDropsTheAudioOnceResultsAreRetrieved() throws Exception {
    SpeechToText stt = sdk("x");
    List<String> ids = new ArrayList<>();
    List<byte[]> audios = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] audio = audio(200_000 + i * 70_000, i);
      RecognitionJob job = stt.createJob(new CreateJobOptions.Builder().audio(new ByteArrayInputStream(audio))
          .contentType("audio/wav").userToken("t" + i).build()).execute().getResult();
      ids.add(job.getId());
      audios.add(audio);
      assertThat(job.getUrl()).isEqualTo(env.url() + "/v1/recognitions/" + job.getId());
    }
    for (int i = 0; i < ids.size(); i++) {
      JobRecord record = env.gateway.journal().get(ids.get(i)).await();
      assertThat(record.state()).isEqualTo(JobState.SUBMITTED);
      assertThat(record.upstreamId()).isEqualTo(ids.get(i));
      assertThat(record.query()).contains("user_token=t" + i);
      assertThat(record.headers()).containsEntry("Content-Type", "audio/wav");
      assertThat(record.audioSha256()).isEqualTo(sha256(audios.get(i)));
      try (InputStream stored = env.gateway.store().open(record.audioKey()).await()) {
        assertThat(stored.readAllBytes()).isEqualTo(audios.get(i));
      }
    }
    String id = ids.get(0);
    RecognitionJob done = await().atMost(10, TimeUnit.SECONDS).until(
        () -> stt.checkJob(new CheckJobOptions.Builder(id).build()).execute().getResult(),
        j -> "completed".equals(j.getStatus()));
    assertThat(done.getResults().get(0).getResults().get(0).getAlternatives().get(0).getTranscript())
        .isEqualTo("sha256:" + sha256(audios.get(0)));
    JobRecord retrieved = env.gateway.journal().get(id).await();
    assertThat(retrieved.state()).isEqualTo(JobState.RETRIEVED);
    assertThat(retrieved.retainUntil()).isNotNull();
    assertThat(env.gateway.store().list(retrieved.audioKey()).await()).isEmpty();
    assertThat(env.gateway.journal().get(ids.get(1)).await().state()).isEqualTo(JobState.SUBMITTED);
  }

  @Test
  void upstreamDownAtSubmitQueuesTheJobAndAnswersWaitingToItsOwnTenantOnly() throws Exception {
    TestGateway.vouch(env.url(), "Basic " + java.util.Base64.getEncoder().encodeToString("apikey:tenant-a"
        .getBytes()));
    env.simulator.goDown(DownMode.REFUSE).await();
    byte[] audio = audio(5_000, 7);
    RecognitionJob job = sdk("tenant-a").createJob(new CreateJobOptions.Builder()
        .audio(new ByteArrayInputStream(audio)).contentType("audio/wav").build()).execute().getResult();
    assertThat(job.getStatus()).isEqualTo("waiting");
    assertThat(job.getCreated()).isNotNull();
    assertThat(job.getUrl()).endsWith("/v1/recognitions/" + job.getId());

    JobRecord record = env.gateway.journal().get(job.getId()).await();
    assertThat(record.state()).isEqualTo(JobState.QUEUED);
    assertThat(record.upstreamId()).isNull();
    assertThat(record.audioSha256()).isEqualTo(sha256(audio));

    RecognitionJob polled = sdk("tenant-a").checkJob(new CheckJobOptions.Builder(job.getId()).build()).execute()
        .getResult();
    assertThat(polled.getId()).isEqualTo(job.getId());
    assertThat(polled.getStatus()).isEqualTo("waiting");
    assertThat(env.simulator.stats().jobsCreated()).isZero();
    // Once the upstream is back, recovery may resubmit the job at any moment: what follows holds either way.
    env.simulator.comeBack().await();
    assertThat(sdk("tenant-a").checkJobs().execute().getResult().getRecognitions())
        .anySatisfy(j -> assertThat(j.getId()).isEqualTo(job.getId()));
    assertThatThrownBy(() -> sdk("tenant-b").checkJob(new CheckJobOptions.Builder(job.getId()).build()).execute())
        .isInstanceOf(NotFoundException.class);

    assertThatThrownBy(() -> sdk("tenant-b").deleteJob(new DeleteJobOptions.Builder(job.getId()).build()).execute())
        .isInstanceOf(NotFoundException.class);
    sdk("tenant-a").deleteJob(new DeleteJobOptions.Builder(job.getId()).build()).execute();
    assertThat(env.gateway.journal().get(job.getId()).await().state()).isEqualTo(JobState.DELETED);
    // The 204 goes out once the tombstone is journaled; the audio is removed right after it (DeleteHandler).
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(env.gateway.store().list(record.audioKey()).await()).isEmpty());
    assertThatThrownBy(() -> sdk("tenant-a").checkJob(new CheckJobOptions.Builder(job.getId()).build()).execute())
        .isInstanceOf(NotFoundException.class);
  }

  private SpeechToText sdk(String password) {
    SpeechToText stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password(password)
        .build());
    stt.setServiceUrl(env.url());
    return stt;
  }

  static byte[] audio(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}

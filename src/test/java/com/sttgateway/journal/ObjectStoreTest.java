package com.sttgateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The object-store adapter against a real in-process S3 server. */
@ExtendWith(VertxExtension.class)
class ObjectStoreTest {

  static final int PART = 5 * 1024 * 1024;

  @TempDir static Path dir;
  static JournalFixture fixture;
  ObjectStore store;

  @BeforeAll
  static void startS3(Vertx vertx) throws Exception {
    fixture = JournalFixture.start(vertx, dir);
  }

  @AfterAll
  static void stopS3() throws Exception {
    fixture.close();
  }

  @BeforeEach
  void newBucket() {
    store = fixture.newStore();
  }

  @Test
  void uploadsAMultipartBodyByteForByte() throws Exception {
    byte[] audio = TestStreams.randomBytes(12 * 1024 * 1024 + 123);

    long bytes = store.upload("audio/u1", new ByteArrayInputStream(audio), "audio/wav", null, PART).await();

    assertThat(bytes).isEqualTo(audio.length);
    assertThat(TestStreams.sha256(store.open("audio/u1").await())).isEqualTo(TestStreams.sha256(new ByteArrayInputStream(audio)));
  }

  @Test
  void keepsContentTypeAndContentEncoding() {
    store.upload("audio/typed", new ByteArrayInputStream(TestStreams.randomBytes(1000)), "audio/ogg;codecs=opus", "gzip", PART)
        .await();
    store.upload("audio/plain", new ByteArrayInputStream(TestStreams.randomBytes(10)), null, null, PART).await();

    ObjectStore.ObjectInfo typed = store.stat("audio/typed").await();
    ObjectStore.ObjectInfo plain = store.stat("audio/plain").await();
    assertThat(typed.contentType()).isEqualTo("audio/ogg;codecs=opus");
    assertThat(typed.contentEncoding()).isEqualTo("gzip");
    assertThat(typed.size()).isEqualTo(1000);
    assertThat(plain.contentType()).isEqualTo("application/octet-stream");
    assertThat(plain.contentEncoding()).isNull();
  }

  @Test
  void aBodyFailingMidUploadLeavesNoObjectAndNoParts() {
    InputStream failing = new TestStreams.FailingStream(TestStreams.randomBytes(13 * 1024 * 1024), new IOException("client went away"));

    assertThatThrownBy(() -> store.upload("audio/broken", failing, "audio/wav", null, PART).await())
        .hasStackTraceContaining("client went away");

    assertThat(store.stat("audio/broken").await()).isNull();
    assertThat(store.incompleteUploads("").await()).isEmpty();
    assertThat(store.list("").await()).isEmpty();
  }

  @Test
  void aRuntimeFailureOfTheBodyAlsoAbortsTheUpload() {
    InputStream failing = new TestStreams.FailingStream(TestStreams.randomBytes(13 * 1024 * 1024), new IllegalStateException("bridge broke"));

    assertThatThrownBy(() -> store.upload("audio/broken", failing, "audio/wav", null, PART).await())
        .hasStackTraceContaining("bridge broke");

    assertThat(store.incompleteUploads("").await()).isEmpty();
    assertThat(store.list("").await()).isEmpty();
  }

  @Test
  void abortsIncompleteUploadsOlderThanTheCutoffOnly() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    InputStream hanging = new TestStreams.HangingStream(TestStreams.randomBytes(11 * 1024 * 1024), release);
    Future<Long> upload = store.upload("audio/hung", hanging, "audio/wav", null, PART);
    await().atMost(Duration.ofSeconds(20)).until(() -> !store.incompleteUploads("audio/").await().isEmpty());
    Instant initiated = store.incompleteUploads("audio/").await().get(0).initiated();
    assertThat(initiated).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));

    assertThat(store.abortIncompleteUploads("audio/", Instant.now().minusSeconds(600)).await()).isZero();
    assertThat(store.abortIncompleteUploads("audio/", Instant.now().plusSeconds(1)).await()).isEqualTo(1);

    release.countDown();
    assertThatThrownBy(upload::await).isNotNull();
    assertThat(store.incompleteUploads("").await()).isEmpty();
    assertThat(store.list("").await()).isEmpty();
  }

  @Test
  void jsonRoundTripsAndMissingKeysAreNullOrQuiet() {
    JsonObject json = new JsonObject().put("a", 1).put("b", "zwei");
    store.putJson("x/one.json", json).await();
    store.putJson("x/y/two.json", json).await();
    store.putJson("z.json", json).await();

    assertThat(store.getJson("x/one.json").await()).isEqualTo(json);
    assertThat(store.getJson("x/none.json").await()).isNull();
    assertThat(store.list("x/").await()).containsExactly("x/one.json", "x/y/two.json");
    assertThat(store.listWithTimes("x/").await()).allSatisfy(o ->
        assertThat(o.lastModified()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5)));

    store.remove("x/one.json").await();
    store.remove("x/one.json").await();
    assertThat(store.list("").await()).containsExactly("x/y/two.json", "z.json");
  }
}

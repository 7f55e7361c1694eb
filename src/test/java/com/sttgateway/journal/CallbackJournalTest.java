package com.sttgateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Journaled callback registrations: normalized URLs, secrets encrypted at rest. */
@ExtendWith(VertxExtension.class)
class CallbackJournalTest {

  @TempDir static Path dir;
  static JournalFixture fixture;
  ObjectStore store;
  CallbackJournal callbacks;
  final SecretBox box = SecretBox.of(SecretBoxTest.randomKey());

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
    callbacks = new CallbackJournal(store);
  }

  @Test
  void normalizesSchemeHostAndDefaultPortButKeepsPathAndQuery() {
    assertThat(CallbackRegistration.normalize("HTTPS://Hooks.Example.COM:443/Cb/Path?X=Y&a=%2F"))
        .isEqualTo("https://hooks.example.com/Cb/Path?X=Y&a=%2F");
    assertThat(CallbackRegistration.normalize("http://Example.com:80")).isEqualTo("http://example.com");
    assertThat(CallbackRegistration.normalize("http://example.com:443/x")).isEqualTo("http://example.com:443/x");
    assertThat(CallbackRegistration.normalize("https://example.com:8443/x#frag")).isEqualTo("https://example.com:8443/x");
    assertThat(CallbackRegistration.normalize("http://[::1]:8080/cb")).isEqualTo("http://[::1]:8080/cb");
  }

  @Test
  void rejectsAnythingButAbsoluteHttpUrls() {
    for (String bad : List.of("ftp://example.com/cb", "mailto:a@b.c", "/relative/cb", "http://", "not a url")) {
      assertThatThrownBy(() -> CallbackRegistration.normalize(bad), bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: an http(s) URL");
    }
    assertThatThrownBy(() -> callbacks.get("ftp://example.com/cb").await())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void savesListsAndRemovesRegistrationsWithTheSecretEncryptedAtRest() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String url = CallbackRegistration.normalize("https://Client.Example.com/results");
    CallbackRegistration withSecret =
        new CallbackRegistration(url, box.encrypt("top-secret-value"), "tenant-a", now, now, "201 created");
    CallbackRegistration withoutSecret = new CallbackRegistration("http://other.example.com/cb", null, "tenant-b",
        now.plusSeconds(1), now.plusSeconds(1), "200 already created");

    callbacks.save(withSecret).await();
    callbacks.save(withoutSecret).await();

    String key = CallbackJournal.key(url);
    assertThat(key).matches("callbacks/[0-9a-f]{64}\\.json");
    String stored = new String(store.open(key).await().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(stored).contains("\"url\":\"" + url + "\"").doesNotContain("top-secret-value");
    assertThat(callbacks.list().await()).containsExactly(withSecret, withoutSecret);
    CallbackRegistration found = callbacks.get("https://client.example.com:443/results").await();
    assertThat(box.decrypt(found.encryptedSecret())).isEqualTo("top-secret-value");

    callbacks.remove("HTTPS://client.example.com/results").await();
    callbacks.remove("HTTPS://client.example.com/results").await();
    assertThat(callbacks.get(url).await()).isNull();
    assertThat(callbacks.list().await()).containsExactly(withoutSecret);
  }

  @Test
  void reRegisteringReplacesTheRecordKeepingItsCreationTime() {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    CallbackRegistration first = new CallbackRegistration("https://a.example/cb", null, "t", created, created,
        "201 created");
    callbacks.save(first).await();
    callbacks.save(first.withResult("200 already created", created.plusSeconds(60), "recovery")
        .withResult("200 already created", created.plusSeconds(120), "recovery")).await();

    assertThat(callbacks.list().await()).singleElement().satisfies(r -> {
      assertThat(r.created()).isEqualTo(created);
      assertThat(r.updated()).isEqualTo(created.plusSeconds(120));
      assertThat(r.lastResult()).isEqualTo("200 already created");
      // A repeated outcome adds no history line.
      assertThat(r.history()).extracting(JobRecord.HistoryEntry::detail)
          .containsExactly("201 created", "recovery: 200 already created");
    });
  }

  @Test
  void anUnreadableRegistrationIsSkippedByList() {
    callbacks.save(new CallbackRegistration("https://ok.example/cb", null, "t", Instant.EPOCH, Instant.EPOCH, "201 created"))
        .await();
    store.putJson("callbacks/broken.json", new io.vertx.core.json.JsonObject().put("version", 99)).await();

    assertThat(callbacks.list().await()).extracting(CallbackRegistration::url).containsExactly("https://ok.example/cb");
  }
}

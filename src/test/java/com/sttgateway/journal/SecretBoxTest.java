package com.sttgateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sttgateway.config.ConfigException;
import com.sttgateway.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encryption of journaled secrets and where its key comes from. */
class SecretBoxTest {

  @TempDir Path dataDir;

  @Test
  void encryptsToAVersionedValueThatDecryptsBack() {
    SecretBox box = SecretBox.of(randomKey());
    String secret = "my user_secret ✓";

    String first = box.encrypt(secret);
    String second = box.encrypt(secret);

    assertThat(first).startsWith("v1:").doesNotContain(secret);
    assertThat(second).isNotEqualTo(first); // a fresh IV per message
    assertThat(box.decrypt(first)).isEqualTo(secret);
    assertThat(box.decrypt(second)).isEqualTo(secret);
    assertThat(box.encrypt(null)).isNull();
    assertThat(box.decrypt(null)).isNull();
  }

  @Test
  void aWrongKeyOrAnAlteredValueFailsToDecrypt() {
    String sealed = SecretBox.of(randomKey()).encrypt("s3cret");
    byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
    raw[raw.length - 1] ^= 1;
    String altered = "v1:" + Base64.getEncoder().encodeToString(raw);
    SecretBox other = SecretBox.of(randomKey());

    assertThatThrownBy(() -> other.decrypt(sealed)).hasMessageContaining("wrong key or altered value")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> SecretBox.of(randomKey()).decrypt(altered)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> other.decrypt("plain text")).hasMessageContaining("expected: the prefix v1:");
  }

  @Test
  void withoutAConfiguredKeyTheEmbeddedStoreCreatesAnOwnerOnlyKeyFileAndReusesIt() throws Exception {
    SecretBox first = SecretBox.load(Secret.NONE, dataDir, true);
    Path keyFile = dataDir.resolve("journal.key");
    String sealed = first.encrypt("kept across restarts");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
    String before = Files.readString(keyFile);
    SecretBox second = SecretBox.load(Secret.NONE, dataDir, true);
    assertThat(second.decrypt(sealed)).isEqualTo("kept across restarts");
    assertThat(Files.readString(keyFile)).isEqualTo(before);
  }

  @Test
  void aConfiguredKeyWinsAndNoKeyFileIsWritten() {
    byte[] key = randomKey();
    SecretBox box = SecretBox.load(new Secret(Base64.getEncoder().encodeToString(key)), dataDir, true);

    assertThat(SecretBox.of(key).decrypt(box.encrypt("x"))).isEqualTo("x");
    assertThat(dataDir.resolve("journal.key")).doesNotExist();
  }

  @Test
  void aBadConfiguredKeyNamesTheSettingAndWhatWasExpectedButNotTheValue() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> SecretBox.load(new Secret(shortKey), dataDir, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("journal.encryptionKey: decodes to 16 bytes")
        .hasMessageContaining("expected: base64 of exactly 32 random bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> SecretBox.load(new Secret("not*base64!"), dataDir, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("journal.encryptionKey: not valid base64")
        .hasMessageNotContaining("not*base64!");
  }

  @Test
  void anExternalStoreRequiresAConfiguredKey() {
    assertThatThrownBy(() -> SecretBox.load(Secret.NONE, dataDir, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("journal.encryptionKey (GATEWAY_ENCRYPTION_KEY) is required")
        .hasMessageContaining("every member can decrypt");
    assertThat(dataDir.resolve("journal.key")).doesNotExist();
  }

  static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}

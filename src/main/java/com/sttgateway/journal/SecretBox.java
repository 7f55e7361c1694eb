package com.sttgateway.journal;

import com.sttgateway.config.ConfigException;
import com.sttgateway.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets kept in the journal (callback {@code user_secret}s, captured Authorization headers) with
 * AES-256-GCM: a random 12-byte IV per message and a 128-bit tag, stored as {@code v1:} + base64(iv || ciphertext).
 * Thread-safe (a new Cipher per call); never logs a key or a plaintext.
 */
public final class SecretBox {

  static final String KEY_SETTING = "journal.encryptionKey";
  static final String KEY_FILE = "journal.key";
  private static final Logger LOG = Logger.getLogger(SecretBox.class.getName());
  private static final String PREFIX = "v1:";
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String EXPECTED = "base64 of exactly 32 random bytes (AES-256), e.g. `openssl rand -base64 32`";

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  private SecretBox(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A box over a raw 32-byte key. */
  public static SecretBox of(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("AES-256 key of " + key.length + " bytes (expected: " + KEY_BYTES + ")");
    }
    return new SecretBox(key.clone());
  }

  /**
   * The box for this gateway: the configured key; else, with the embedded store, the key in
   * {@code dataDir/journal.key} (created 0600 on first start); else a ConfigException, since every member of a
   * cluster over a shared store must decrypt what any other member wrote. Blocking (file I/O).
   */
  public static SecretBox load(Secret configuredKey, Path dataDir, boolean embeddedStore) {
    if (configuredKey.isSet()) {
      return new SecretBox(decodeKey(configuredKey.value(), KEY_SETTING));
    }
    if (!embeddedStore) {
      throw new ConfigException(KEY_SETTING + " (GATEWAY_ENCRYPTION_KEY) is required with an external object store,"
          + " so every member can decrypt the secrets any member journaled (expected: " + EXPECTED + ")");
    }
    return new SecretBox(readOrCreateKeyFile(dataDir.resolve(KEY_FILE)));
  }

  /** A key for {@code purpose} derived from the journal key (HMAC-SHA256 of the purpose), never the key itself. */
  public byte[] derive(String purpose) {
    return IndexSeal.hmac(key.getEncoded(), purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Encrypts {@code plaintext}; null stays null. */
  public String encrypt(String plaintext) {
    if (plaintext == null) {
      return null;
    }
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] sealed = cipher(Cipher.ENCRYPT_MODE, iv).apply(plaintext.getBytes(StandardCharsets.UTF_8));
    return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length)
        .put(iv).put(sealed).array());
  }

  /** Decrypts what {@link #encrypt} made; null stays null. Fails when the key is wrong or the value was altered. */
  public String decrypt(String sealed) {
    if (sealed == null) {
      return null;
    }
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a sealed secret (expected: the prefix " + PREFIX + ")");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sealed secret is not valid base64");
    }
    if (bytes.length < IV_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed secret is too short");
    }
    byte[] iv = Arrays.copyOf(bytes, IV_BYTES);
    byte[] plain = cipher(Cipher.DECRYPT_MODE, iv)
        .apply(Arrays.copyOfRange(bytes, IV_BYTES, bytes.length));
    return new String(plain, StandardCharsets.UTF_8);
  }

  private interface Crypt {
    byte[] apply(byte[] input);
  }

  private Crypt cipher(int mode, byte[] iv) {
    return input -> {
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        return c.doFinal(input);
      } catch (GeneralSecurityException e) {
        // Deliberately without the cause's detail: a wrong key and tampering look the same, and that is all we say.
        throw new IllegalArgumentException("cannot decrypt the sealed secret: wrong key or altered value");
      }
    };
  }

  private static byte[] decodeKey(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": not valid base64 (expected: " + EXPECTED + ")");
    }
    if (key.length != KEY_BYTES) {
      throw new ConfigException(source + ": decodes to " + key.length + " bytes (expected: " + EXPECTED + ")");
    }
    return key;
  }

  private static byte[] readOrCreateKeyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        if (createOwnerOnly(file)) {
          Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
          LOG.info("journal encryption key created in " + file + " (owner read/write only); back it up with the"
              + " data folder, or set " + KEY_SETTING);
          return key;
        }
      }
      return decodeKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the journal key " + file, e);
    }
  }

  /** Creates an empty file readable by its owner only, atomically; false when it already exists. */
  private static boolean createOwnerOnly(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      try {
        Files.createFile(file); // not a POSIX file system: rely on the folder's permissions
        return true;
      } catch (FileAlreadyExistsException again) {
        return false;
      }
    }
  }
}

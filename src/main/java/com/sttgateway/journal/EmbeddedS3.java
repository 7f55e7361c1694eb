package com.sttgateway.journal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * An in-process S3-compatible server (S3Proxy, filesystem back-end) on 127.0.0.1 and an ephemeral port, with
 * credentials made up per start. The gateway talks to it through the MinIO client exactly as to MinIO.
 * Blocking: start and stop off the event loop.
 */
public final class EmbeddedS3 implements AutoCloseable {

  private final S3Proxy proxy;
  private final String accessKey;
  private final String secretKey;

  private EmbeddedS3(S3Proxy proxy, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  public static EmbeddedS3 start(Path dir) throws Exception {
    return start(dir, 0, "gateway-" + randomHex(4), randomHex(20));
  }

  /**
   * Standalone, as a shared store for gateway processes (cluster tests, bench/cluster):
   * {@code java -cp JAR com.sttgateway.journal.EmbeddedS3 DIR PORT}, with the credentials from the environment
   * ({@code S3_ACCESS_KEY}, {@code S3_SECRET_KEY}); prints one line when it serves, and serves until ended.
   */
  public static void main(String[] args) throws Exception {
    EmbeddedS3 s3 = start(Path.of(args[0]), Integer.parseInt(args[1]),
        Objects.requireNonNull(System.getenv("S3_ACCESS_KEY"), "S3_ACCESS_KEY"),
        Objects.requireNonNull(System.getenv("S3_SECRET_KEY"), "S3_SECRET_KEY"));
    System.out.println("S3 server at " + s3.endpoint());
    Thread.currentThread().join();
  }

  private static EmbeddedS3 start(Path dir, int port, String accessKey, String secretKey) throws Exception {
    Files.createDirectories(dir);
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("filesystem-nio2", props))
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("embedded S3 server did not start within 30 s");
      }
      Thread.sleep(20);
    }
    return new EmbeddedS3(proxy, accessKey, secretKey);
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}

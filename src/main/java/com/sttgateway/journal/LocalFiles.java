package com.sttgateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded store's folder as its S3 server lays it out (filesystem back-end: an object is the file
 * {@code base/bucket/key}, its Content-Type, Content-Encoding and ETag in {@code user.*} extended attributes), so
 * that audio can be written there directly and read back through S3 like any object. Files in the making live in
 * {@code staging}, beside the base on the same file system, and appear in the bucket by an atomic rename.
 * {@code sync}: fsync each file and its directory before the rename counts as done. Job records and other JSON
 * objects are written this way too ({@link ObjectStore#putJson}), and objects are read from their files: an S3 round
 * trip through the MinIO client and the embedded server cost about 40% of the gateway's CPU while it resubmitted
 * jobs (three record writes and an audio read a job).
 */
record LocalFiles(Path bucketDir, Path staging, boolean sync) {

  /** Keys written this way: plain path segments, so that the key maps to one file below the bucket. */
  private static final Pattern PLAIN_KEY =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

  /**
   * The folder of {@code bucket} under {@code base}, when this file system keeps user extended attributes and
   * renames within it atomically; null otherwise (the S3 path is used then). Empties {@code staging}: what a crash
   * left there was never acknowledged. Blocking.
   */
  static LocalFiles probe(Path base, String bucket, Path staging, boolean sync) throws IOException {
    Files.createDirectories(staging);
    try (Stream<Path> left = Files.list(staging)) {
      for (Path p : (Iterable<Path>) left::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Path probe = Files.createTempFile(staging, "probe", ".tmp");
    try {
      UserDefinedFileAttributeView view = Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class);
      if (view == null || !Files.getFileStore(staging).equals(Files.getFileStore(base))) {
        return null;
      }
      view.write("user.probe", ByteBuffer.wrap(new byte[] {1}));
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    } finally {
      Files.deleteIfExists(probe);
    }
    return new LocalFiles(base.resolve(bucket), staging, sync);
  }

  boolean accepts(String key) {
    return PLAIN_KEY.matcher(key).matches();
  }

  Path pathOf(String key) {
    return bucketDir.resolve(key);
  }

  /** Writes {@code bytes} as the object {@code key}: a staged file, then {@link #publish}. Blocking. */
  void write(String key, byte[] bytes, String contentType) throws IOException {
    Path staged = staging.resolve(UUID.randomUUID() + ".part");
    try {
      Files.write(staged, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      publish(staged, key, contentType, null);
    } finally {
      Files.deleteIfExists(staged); // gone already when published
    }
  }

  /**
   * Makes the complete file {@code staged} the object {@code key}: its metadata as an S3 upload would have set them
   * (an ETag that is not an MD5, which nobody computed: a string the server reports as it is), an fsync when
   * {@code sync}, then the atomic rename into place (and an fsync of the folder). The staged file is gone afterwards,
   * whatever happened. Blocking.
   */
  void publish(Path staged, String key, String contentType, String contentEncoding) throws IOException {
    try {
      UserDefinedFileAttributeView view = Files.getFileAttributeView(staged, UserDefinedFileAttributeView.class);
      describe(view, "user.content-type", S3Parts.storableType(contentType));
      describe(view, "user.content-encoding", S3Parts.storableEncoding(contentEncoding));
      describe(view, "user.content-md5", "\"" + UUID.randomUUID().toString().replace("-", "") + "-1\"");
      if (sync) {
        try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
      }
      Path target = pathOf(key);
      Files.createDirectories(target.getParent());
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      if (sync) {
        syncDirectory(target.getParent());
      }
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  private static void describe(UserDefinedFileAttributeView view, String name, String value) throws IOException {
    if (value != null) {
      view.write(name, ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  /** Flushes {@code dir}'s entries (a rename into it) to stable storage. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}

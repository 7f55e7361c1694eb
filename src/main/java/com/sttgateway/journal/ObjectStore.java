package com.sttgateway.journal;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;

/**
 * The journal's object storage through the MinIO client, the only class that imports {@code io.minio}.
 * Every call blocks, so each runs on the {@code journal-io} worker pool and returns a Future.
 */
public final class ObjectStore {

  /** Threads one {@link #getAll} of an external store takes from the shared pool at most. */
  private static final int GET_ALL_READERS = 2;
  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NoSuchUpload");
  private static final Set<String> CREATED_MEANWHILE = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

  private final MinioClient minio;
  /** Multipart uploads, listing and aborting included, which {@link MinioClient} does not expose. */
  private final S3Parts parts;
  private final String bucket;
  private final WorkerExecutor io;
  private final WorkerExecutor uploads;
  private final String endpoint;
  /** The embedded server's folder (objects are files under {@code folder/bucket/key}); null for any other store. */
  private final Path folder;
  /** The same folder when uploads write their files into it directly ({@link FileSink}); null otherwise. */
  private final LocalFiles local;

  /**
   * {@code io} runs the short blocking calls; {@code uploads} runs audio uploads, one thread each for the whole
   * upload, so its size caps the uploads in flight (and the heap they take: a part buffer each).
   */
  public ObjectStore(String endpoint, String accessKey, String secretKey, String region, String bucket,
      WorkerExecutor io, WorkerExecutor uploads) {
    this(endpoint, accessKey, secretKey, region, bucket, io, uploads, null, null);
  }

  /**
   * The store of the embedded server that keeps its objects under {@code folder}: reads ({@link #listRecords},
   * {@link #getAll}, {@link #getJson}, {@link #open}) read the files directly, as that server would (it writes each
   * object to a temporary file and renames it into place, so a file is never seen half written). Null
   * {@code folder}: every call goes over S3.
   * {@code local}: the same folder, for uploads that write their file there; null for none.
   */
  ObjectStore(String endpoint, String accessKey, String secretKey, String region, String bucket,
      WorkerExecutor io, WorkerExecutor uploads, Path folder, LocalFiles local) {
    this.folder = folder;
    OkHttpClient http = StoreHttp.forEndpoint(endpoint);
    MinioClient.Builder sync = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region);
    MinioAsyncClient.Builder async = MinioAsyncClient.builder().endpoint(endpoint).credentials(accessKey, secretKey)
        .region(region);
    this.minio = (http == null ? sync : sync.httpClient(http)).build();
    this.parts = new S3Parts((http == null ? async : async.httpClient(http)).build(), bucket, uploads);
    this.bucket = bucket;
    this.io = io;
    this.uploads = uploads;
    this.endpoint = endpoint;
    this.local = local;
  }

  /**
   * The embedded store at {@code s3}, its folder {@code base}: uploads write their files into it directly when its
   * file system allows ({@link LocalFiles#probe}), with an fsync before the acknowledgement when {@code sync}.
   * Blocking.
   */
  public static ObjectStore embedded(EmbeddedS3 s3, Path base, String region, String bucket, boolean sync,
      WorkerExecutor io, WorkerExecutor uploads) throws IOException {
    LocalFiles local = LocalFiles.probe(base, bucket, base.resolveSibling(base.getFileName() + "-staging"), sync);
    return new ObjectStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), region, bucket, io, uploads, base, local);
  }

  /** True when uploads write straight into the embedded store's folder. */
  public boolean writesFiles() {
    return local != null;
  }

  /** Creates the bucket unless it exists; another member creating it at the same moment is fine. */
  public Future<Void> ensureBucket() {
    return blocking(() -> {
      if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        try {
          minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        } catch (ErrorResponseException e) {
          if (!CREATED_MEANWHILE.contains(e.errorResponse().code())) {
            throw e;
          }
        }
      }
      return null;
    });
  }

  /** Succeeds when the store answers and the bucket exists. */
  public Future<Void> ping() {
    return blocking(() -> {
      if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        throw new IllegalStateException("bucket " + bucket + " does not exist");
      }
      return null;
    });
  }

  public String endpoint() {
    return endpoint;
  }

  public String bucket() {
    return bucket;
  }

  public String describe() {
    return endpoint + "/" + bucket;
  }

  /**
   * Streams {@code body} (size unknown, so multipart in {@code partSize} pieces) into {@code key} and returns the
   * byte count. Holds one journal-uploads thread for the whole upload, so only for bodies already at hand (a client's
   * body goes through {@link JournaledForward}). When {@code body} fails, the multipart upload is aborted, so
   * neither an object nor orphaned parts remain. The caller closes {@code body}.
   */
  public Future<Long> upload(String key, InputStream body, String contentType, String contentEncoding,
      long partSize) {
    return uploads.executeBlocking(() -> {
      UploadStream counted = new UploadStream(body);
      PutObjectArgs.Builder args = PutObjectArgs.builder().bucket(bucket).object(key)
          .stream(counted, -1, partSize)
          .contentType(S3Parts.storableType(contentType));
      if (S3Parts.storableEncoding(contentEncoding) != null) {
        args.headers(Map.of("Content-Encoding", contentEncoding));
      }
      minio.putObject(args.build());
      return counted.count();
    }, false);
  }

  /** Writes {@code json} as {@code key} (application/json, UTF-8). */
  public Future<Void> putJson(String key, JsonObject json) {
    byte[] bytes = json.toBuffer().getBytes();
    return blocking(() -> {
      if (local != null && local.accepts(key)) {
        local.write(key, bytes, "application/json"); // the embedded store's file, as its S3 server would write it
      } else {
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
            .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("application/json").build());
      }
      return null;
    });
  }

  /** The JSON object stored as {@code key}; null when there is none. Fails when it is not a JSON object. */
  public Future<JsonObject> getJson(String key) {
    return blocking(() -> {
      Buffer bytes = fetch(key);
      return bytes == null ? null : new JsonObject(bytes); // parsed here, off the caller's event loop
    });
  }

  /**
   * Opens {@code key} for reading; the caller closes the stream. Fails when the object does not exist. The embedded
   * store's file is opened directly.
   */
  public Future<InputStream> open(String key) {
    return blocking(() -> folder != null ? Files.newInputStream(fileOf(key))
        : minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
  }

  /** The object's size, time and headers; null when it does not exist. */
  public Future<ObjectInfo> stat(String key) {
    return blocking(() -> {
      try {
        StatObjectResponse s = minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
        return new ObjectInfo(key, s.size(), s.lastModified().toInstant(), s.contentType(),
            s.headers().get("Content-Encoding"));
      } catch (ErrorResponseException e) {
        if (isMissing(e)) {
          return null;
        }
        throw e;
      }
    });
  }

  /** Removes {@code key}; succeeds when it does not exist. */
  public Future<Void> remove(String key) {
    return blocking(() -> {
      try {
        minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
      } catch (ErrorResponseException e) {
        if (!isMissing(e)) {
          throw e;
        }
      }
      return null;
    });
  }

  /**
   * Every {@code name} object one level below {@code prefix} ({@code prefix/x/name}), in key order: one walk of the
   * embedded server's folder, or a listing (which that server answers with one walk of the folder per 1,000 keys).
   */
  public Future<List<String>> listRecords(String prefix, String name) {
    if (folder == null) {
      return list(prefix).map(keys -> keys.stream().filter(k -> k.endsWith("/" + name)
          && k.indexOf('/', prefix.length()) == k.length() - name.length() - 1).toList());
    }
    return blocking(() -> {
      Path dir = folder.resolve(bucket).resolve(prefix);
      List<String> keys = new ArrayList<>();
      if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
          for (Path child : children) {
            if (Files.isRegularFile(child.resolve(name))) {
              keys.add(prefix + child.getFileName() + "/" + name);
            }
          }
        }
      }
      keys.sort(null);
      return keys;
    });
  }

  /**
   * The bytes of each of {@code keys}, in order (null where there is none): the files themselves for the embedded
   * server, else GETs in parallel. Fails when the store cannot be read.
   */
  public Future<List<Buffer>> getAll(List<String> keys) {
    if (folder == null) {
      // A few threads, each reading its share in turn: a task per key would queue the whole batch ahead of every
      // client's call on the shared pool (a reload of a slow store would starve submissions and status reads).
      int share = (keys.size() + GET_ALL_READERS - 1) / GET_ALL_READERS;
      List<Future<List<Buffer>>> reads = new ArrayList<>();
      for (int from = 0; from < keys.size(); from += share) {
        List<String> slice = keys.subList(from, Math.min(keys.size(), from + share));
        reads.add(blocking(() -> {
          List<Buffer> read = new ArrayList<>(slice.size());
          for (String key : slice) {
            read.add(fetch(key));
          }
          return read;
        }));
      }
      return Future.all(reads).map(all -> reads.stream().flatMap(f -> f.result().stream()).toList());
    }
    return blocking(() -> {
      List<Buffer> read = new ArrayList<>(keys.size());
      for (String key : keys) {
        read.add(fetch(key));
      }
      return read;
    });
  }

  /** The object's bytes (the embedded server's file itself); null when there is none. Blocks. */
  private Buffer fetch(String key) throws Exception {
    if (folder != null) {
      try {
        return Buffer.buffer(Files.readAllBytes(fileOf(key)));
      } catch (NoSuchFileException e) {
        return null;
      }
    }
    try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return Buffer.buffer(in.readAllBytes());
    } catch (ErrorResponseException e) {
      if (isMissing(e)) {
        return null;
      }
      throw e;
    }
  }

  /** The embedded server's file of {@code key} (objects appear there by rename: a file is read whole, old or new). */
  private Path fileOf(String key) {
    return folder.resolve(bucket).resolve(key);
  }

  /** Every key under {@code prefix}, recursively, in key order. */
  public Future<List<String>> list(String prefix) {
    return listWithTimes(prefix).map(objects -> objects.stream().map(ObjectSummary::key).toList());
  }

  /** Every object under {@code prefix}, recursively, with its size and last-modified time, in key order. */
  public Future<List<ObjectSummary>> listWithTimes(String prefix) {
    return blocking(() -> {
      List<ObjectSummary> objects = new ArrayList<>();
      for (Result<Item> result : minio.listObjects(
          ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
        Item item = result.get();
        if (!item.isDir() && !item.objectName().endsWith("/")) {
          objects.add(new ObjectSummary(item.objectName(), item.size(), item.lastModified().toInstant()));
        }
      }
      return objects;
    });
  }

  /** Multipart uploads under {@code prefix} that were started and neither completed nor aborted. */
  public Future<List<IncompleteUpload>> incompleteUploads(String prefix) {
    return blocking(() -> parts.listIncomplete(prefix));
  }

  /**
   * Aborts the incomplete multipart uploads under {@code prefix} started before {@code olderThan}, except those in
   * {@code keep} (upload ids a live member still writes), freeing their parts; returns how many it aborted.
   * Uploads whose start time the store does not report are left alone.
   */
  public Future<Integer> abortIncompleteUploads(String prefix, Instant olderThan, Set<String> keep) {
    return incompleteUploads(prefix).compose(uploads -> blocking(() -> {
      int aborted = 0;
      for (IncompleteUpload u : uploads) {
        if (u.initiated() != null && u.initiated().isBefore(olderThan) && !keep.contains(u.uploadId())) {
          parts.abortNow(u.key(), u.uploadId());
          aborted++;
        }
      }
      return aborted;
    }));
  }

  public Future<Integer> abortIncompleteUploads(String prefix, Instant olderThan) {
    return abortIncompleteUploads(prefix, olderThan, Set.of());
  }

  /** Multipart uploads a part at a time, holding a thread only while a part is handed over. */
  S3Parts parts() {
    return parts;
  }

  /**
   * Where a streamed body for {@code key} goes: a file of the embedded store's folder when there is one, else an S3
   * upload ({@link #parts()}).
   */
  BodySink sink(String key, String contentType, String contentEncoding, UploadBudget budget,
      UploadRegistry registry, int partSize) {
    return local != null && local.accepts(key)
        ? new FileSink(local, uploads, budget, key, contentType, contentEncoding)
        : new ObjectSink(parts, budget, registry, key, contentType, contentEncoding, partSize);
  }

  private static boolean isMissing(ErrorResponseException e) {
    return MISSING.contains(e.errorResponse().code());
  }

  private <T> Future<T> blocking(Callable<T> call) {
    return io.executeBlocking(call, false);
  }

  /** An object in a listing. */
  public record ObjectSummary(String key, long size, Instant lastModified) {}

  /** An object's metadata; {@code contentEncoding} is null when the object has none. */
  public record ObjectInfo(String key, long size, Instant lastModified, String contentType, String contentEncoding) {}

  /** A multipart upload in progress (or abandoned); {@code initiated} is null when the store does not say. */
  public record IncompleteUpload(String key, String uploadId, Instant initiated) {}
}

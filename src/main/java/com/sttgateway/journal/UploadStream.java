package com.sttgateway.journal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes an upload reads, and turns any failure of the underlying stream into an {@link IOException}:
 * the MinIO client aborts a multipart upload only on an IOException, and leaves orphaned parts on anything else.
 * Read by one thread (the uploading journal-io thread).
 */
final class UploadStream extends FilterInputStream {

  private long count;

  UploadStream(InputStream in) {
    super(in);
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = guarded(() -> super.read());
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = guarded(() -> super.read(buf, off, len));
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skip is not supported while uploading");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private interface Read {
    int read() throws IOException;
  }

  private static int guarded(Read read) throws IOException {
    try {
      return read.read();
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IOException("upload body failed: " + e, e);
    }
  }
}

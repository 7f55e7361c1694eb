package com.sttgateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The stored form of index entries: small, exact, and nothing but what it made is read back. */
class EntryCodecTest {

  @Test
  void aRecordComesBackExactlyFromAFractionOfItsSize() {
    String json = new IndexSeal(new byte[] {7}).seal(TestRecords.record(JobState.SUBMITTED).toJson());
    byte[] entry = EntryCodec.pack(json);
    assertThat(EntryCodec.unpack(entry)).isEqualTo(json);
    assertThat(entry.length).isLessThan(json.length() / 2);
    String unicode = "{\"detail\":\"caf\u00e9 \u2603 " + "x".repeat(100_000) + "\"}"; // large and not ASCII
    assertThat(EntryCodec.unpack(EntryCodec.pack(unicode))).isEqualTo(unicode);
  }

  @Test
  void whatItDidNotMakeReadsAsNone() {
    byte[] entry = EntryCodec.pack("{\"state\":\"queued\"}");
    assertThat(EntryCodec.unpack(null)).isNull();
    assertThat(EntryCodec.unpack(new byte[0])).isNull();
    assertThat(EntryCodec.unpack("{\"state\":\"queued\"}".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(EntryCodec.unpack(Arrays.copyOf(entry, entry.length - 2))).isNull(); // truncated
    byte[] trailing = Arrays.copyOf(entry, entry.length + 3);
    assertThat(EntryCodec.unpack(trailing)).isNull();
    byte[] otherVersion = entry.clone();
    otherVersion[0] = 9;
    assertThat(EntryCodec.unpack(otherVersion)).isNull();
  }

  @Test
  void anEntryThatInflatesBeyondTheLimitReadsAsNone() {
    byte[] zeros = new byte[EntryCodec.MAX_JSON + 1];
    Deflater deflater = new Deflater(9, true);
    deflater.setInput(zeros);
    deflater.finish();
    byte[] out = new byte[64 * 1024];
    out[0] = 1; // the version, but deflated without the dictionary: it must not matter for the limit
    int n = 1 + deflater.deflate(out, 1, out.length - 1);
    assertThat(deflater.finished()).isTrue();
    assertThat(EntryCodec.unpack(Arrays.copyOf(out, n))).isNull();
    assertThat(EntryCodec.unpack(EntryCodec.pack(new String(new char[EntryCodec.MAX_JSON + 1])))).isNull();
  }
}

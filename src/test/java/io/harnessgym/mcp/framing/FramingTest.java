package io.harnessgym.mcp.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FramingTest {
    static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> readAll(MessageReader reader) throws IOException {
        List<String> messages = new ArrayList<>();
        for (byte[] m; (m = reader.read()) != null; ) {
            messages.add(new String(m, StandardCharsets.UTF_8));
        }
        return messages;
    }

    @Test
    void ndjsonLinesCrlfBlankLinesAndAFinalLineWithoutNewline() throws IOException {
        MessageReader reader =
                new MessageReader(
                        bytes("{\"a\":1}\r\n\n   \n{\"b\":\"é\"}\n{\"c\":3}"),
                        Framing.NDJSON,
                        1024);

        assertThat(readAll(reader)).containsExactly("{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}");
    }

    @Test
    void ndjsonOversizedMessageIsReportedAndTheNextOneStillReads() throws IOException {
        String big = "{\"x\":\"" + "y".repeat(200_000) + "\"}";
        MessageReader reader =
                new MessageReader(bytes(big + "\n{\"ok\":1}\n"), Framing.NDJSON, 1000);

        assertThatThrownBy(reader::read)
                .isInstanceOfSatisfying(
                        FramingException.class,
                        e -> {
                            assertThat(e.recoverable()).isTrue();
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "message of 200008 bytes exceeds the limit of 1000 bytes");
                        });
        assertThat(new String(reader.read(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":1}");
    }

    @Test
    void invalidUtf8IsReportedRecoverably() throws IOException {
        byte[] data = "{\"a\":\"\u00ff\"}\n{\"b\":1}\n".getBytes(StandardCharsets.ISO_8859_1);
        MessageReader reader =
                new MessageReader(new ByteArrayInputStream(data), Framing.NDJSON, 1024);

        assertThatThrownBy(reader::read)
                .isInstanceOfSatisfying(
                        FramingException.class, e -> assertThat(e.recoverable()).isTrue())
                .hasMessageContaining("not valid UTF-8");
        assertThat(reader.read()).isNotNull();
    }

    @Test
    void utf8CheckRejectsOverlongSurrogatesAndTruncatedSequences() {
        for (byte[] bad :
                List.of(
                        new byte[] {(byte) 0xc0, (byte) 0x80},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        new byte[] {(byte) 0xe2, (byte) 0x82},
                        new byte[] {(byte) 0xf8, 1, 1, 1})) {
            assertThatThrownBy(() -> Utf8.requireValid(bad)).isInstanceOf(FramingException.class);
        }
        org.assertj.core.api.Assertions.assertThatCode(
                        () -> Utf8.requireValid("aé€😀".getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
    }

    @Test
    void contentLengthMessagesWithOtherHeadersAndBareNewlines() throws IOException {
        String stream =
                "Content-Length: 7\r\nContent-Type: application/json\r\n\r\n{\"a\":1}"
                        + "content-length:7\n\n{\"b\":2}"
                        + "\r\nContent-Length: 2\r\n\r\n{}";
        MessageReader reader = new MessageReader(bytes(stream), Framing.CONTENT_LENGTH, 1024);

        assertThat(readAll(reader)).containsExactly("{\"a\":1}", "{\"b\":2}", "{}");
    }

    @Test
    void contentLengthEndOfStreamMidBodyFailsAtOnceInsteadOfWaiting() {
        MessageReader reader =
                new MessageReader(
                        bytes("Content-Length: 100\r\n\r\n{\"partial\":"),
                        Framing.CONTENT_LENGTH,
                        1024);

        assertThatThrownBy(reader::read)
                .isInstanceOfSatisfying(
                        FramingException.class, e -> assertThat(e.recoverable()).isFalse())
                .hasMessage("stream ended after 11 of 100 announced bytes");
    }

    @Test
    void contentLengthHeaderErrors() {
        assertThatThrownBy(
                        () ->
                                new MessageReader(
                                                bytes("Content-Length: x\r\n\r\n{}"),
                                                Framing.CONTENT_LENGTH,
                                                1024)
                                        .read())
                .hasMessageContaining("invalid Content-Length");
        assertThatThrownBy(
                        () ->
                                new MessageReader(
                                                bytes("Content-Type: a\r\n\r\n{}"),
                                                Framing.CONTENT_LENGTH,
                                                1024)
                                        .read())
                .hasMessage("message header has no Content-Length");
        assertThatThrownBy(
                        () ->
                                new MessageReader(
                                                bytes("garbage\r\n\r\n"),
                                                Framing.CONTENT_LENGTH,
                                                1024)
                                        .read())
                .hasMessageContaining("expected a 'Content-Length:' header");
    }

    @Test
    void contentLengthOversizedBodyIsSkipped() throws IOException {
        MessageReader reader =
                new MessageReader(
                        bytes(
                                "Content-Length: 20\r\n\r\n{\"x\":\"0123456789ab\"}Content-Length: 2\r\n\r\n{}"),
                        Framing.CONTENT_LENGTH,
                        10);

        assertThatThrownBy(reader::read)
                .isInstanceOfSatisfying(
                        FramingException.class, e -> assertThat(e.recoverable()).isTrue());
        assertThat(new String(reader.read(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void detectionFromTheFirstBytes() throws IOException {
        MessageReader lines = new MessageReader(bytes("\n  {\"a\":1}\n"), null, 1024);
        MessageReader headers = new MessageReader(bytes("Content-Length: 2\r\n\r\n{}"), null, 1024);

        assertThat(lines.read()).isNotNull();
        assertThat(lines.framing()).isEqualTo(Framing.NDJSON);
        assertThat(headers.read()).isNotNull();
        assertThat(headers.framing()).isEqualTo(Framing.CONTENT_LENGTH);
        assertThat(new MessageReader(bytes(""), null, 10).read()).isNull();
    }

    @Test
    void writersFrameAndKeepNdjsonOnOneLine() throws IOException {
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        new MessageWriter(ndjson, Framing.NDJSON)
                .write("{\n  \"a\": \"x\\ny\"\n}".getBytes(StandardCharsets.UTF_8));
        assertThat(ndjson.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"x\\ny\"}\n");

        ByteArrayOutputStream legacy = new ByteArrayOutputStream();
        new MessageWriter(legacy, Framing.CONTENT_LENGTH)
                .write("{\"é\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(legacy.toString(StandardCharsets.UTF_8))
                .isEqualTo("Content-Length: 8\r\n\r\n{\"é\":1}");
    }

    @Test
    void readsBlockWithoutSpinningUntilDataArrives() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        CountingStream in = new CountingStream(new PipedInputStream(writer, 1 << 16));
        MessageReader reader = new MessageReader(in, Framing.NDJSON, 1024);
        CompletableFuture<byte[]> message = new CompletableFuture<>();
        Thread readerThread =
                new Thread(
                        () -> {
                            try {
                                message.complete(reader.read());
                            } catch (IOException e) {
                                message.completeExceptionally(e);
                            }
                        });
        readerThread.start();
        // Wait (without a deadline that could flake) until the reader is parked inside the stream.
        while (in.calls.get() == 0 || readerThread.getState() == Thread.State.RUNNABLE) {
            Thread.sleep(5);
        }
        int callsWhenParked = in.calls.get();
        Thread.sleep(200);
        // A spinning reader would keep calling into the stream; a blocking one made one call and
        // waits in it.
        assertThat(message).isNotDone();
        assertThat(in.calls.get()).isEqualTo(callsWhenParked).isEqualTo(1);
        writer.write("{\"late\":true}\n".getBytes(StandardCharsets.UTF_8));
        writer.flush();
        assertThat(new String(message.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .isEqualTo("{\"late\":true}");
    }

    /**
     * Counts every call a reader makes into the stream, so spinning shows up as a count, not as a
     * time.
     */
    static final class CountingStream extends java.io.FilterInputStream {
        final java.util.concurrent.atomic.AtomicInteger calls =
                new java.util.concurrent.atomic.AtomicInteger();

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            calls.incrementAndGet();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            calls.incrementAndGet();
            return super.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            calls.incrementAndGet();
            return super.available();
        }
    }

    @Test
    void wordAtATimeSearchesAgreeWithASimpleLoop() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] data = new byte[random.nextInt(40)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) "ab{}\"\n\r\u00e9".charAt(random.nextInt(8));
            }
            int expected = -1;
            boolean lineBreak = false;
            for (int i = 0; i < data.length; i++) {
                if (data[i] == '\n' && expected < 0) {
                    expected = i;
                }
                lineBreak |= data[i] == '\n' || data[i] == '\r';
            }
            assertThat(Swar.indexOfNewline(data, 0, data.length)).isEqualTo(expected);
            assertThat(Swar.containsLineBreak(data)).isEqualTo(lineBreak);
        }
    }

    @Test
    void longLinesAcrossManyBufferFillsInSmallReads() throws IOException {
        String big = "{\"x\":\"" + "z".repeat(300_000) + "\"}";
        byte[] wire = (big + "\n{\"next\":1}\n" + big + "\n").getBytes(StandardCharsets.UTF_8);
        InputStream trickle =
                new java.io.FilterInputStream(new ByteArrayInputStream(wire)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return super.read(b, off, Math.min(len, 7919));
                    }
                };
        MessageReader reader = new MessageReader(trickle, Framing.NDJSON, 1 << 20);

        assertThat(readAll(reader)).containsExactly(big, "{\"next\":1}", big);
    }
}

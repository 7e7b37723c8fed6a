package dev.fulcrum.healthcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseParserTest {
    /** Records what the parser reported; feeds the response in pieces of {@code split} bytes. */
    static final class Recorder implements HttpResponseParser.Events {
        int status = -1;
        long length = -2;
        final StringBuilder body = new StringBuilder();
        boolean stopAtHead;

        @Override
        public boolean head(int status, long contentLength) {
            this.status = status;
            this.length = contentLength;
            return !stopAtHead;
        }

        @Override
        public boolean body(ByteBuf buf, int index, int length) {
            body.append(buf.toString(index, length, StandardCharsets.ISO_8859_1));
            return true;
        }
    }

    static HttpResponseParser.Progress feed(HttpResponseParser p, String text, int split) {
        byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
        HttpResponseParser.Progress last = HttpResponseParser.Progress.MORE;
        for (int i = 0; i < all.length && last == HttpResponseParser.Progress.MORE; i += split) {
            last = p.feed(Unpooled.wrappedBuffer(all, i, Math.min(split, all.length - i)));
        }
        return last;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void contentLengthBodyInAnySplit(int split) {
        Recorder r = new Recorder();
        HttpResponseParser p = new HttpResponseParser(r);
        assertEquals(HttpResponseParser.Progress.COMPLETE,
                feed(p, "HTTP/1.1 200 OK\r\nServer: x\r\ncontent-LENGTH:  5 \r\n\r\nhello-extra", split));
        assertEquals(200, r.status);
        assertEquals(5, r.length);
        assertEquals("hello", r.body.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 1000})
    void chunkedBodyIsDecoded(int split) {
        Recorder r = new Recorder();
        HttpResponseParser p = new HttpResponseParser(r);
        String resp = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\n"
                + "abcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: t\r\n\r\n";
        assertEquals(HttpResponseParser.Progress.COMPLETE, feed(p, resp, split));
        assertEquals(-1, r.length);
        assertEquals("helloabcdefghijklmnopqrstuvwxyz", r.body.toString());
    }

    @Test
    void bodyWithoutLengthRunsUntilClose() {
        Recorder r = new Recorder();
        HttpResponseParser p = new HttpResponseParser(r);
        assertEquals(HttpResponseParser.Progress.MORE, feed(p, "\r\nHTTP/1.0 503 Service Unavailable\nX: y\n\nsome body", 3));
        assertEquals(503, r.status);
        assertEquals(true, p.endsAtClose());
        assertEquals("some body", r.body.toString());
    }

    @Test
    void noBodyStatusesCompleteAtTheHead() {
        for (String s : new String[] {"204 No Content", "304 Not Modified", "100 Continue"}) {
            Recorder r = new Recorder();
            assertEquals(HttpResponseParser.Progress.COMPLETE, feed(new HttpResponseParser(r), "HTTP/1.1 " + s + "\r\nContent-Length: 9\r\n\r\n", 1000));
            assertEquals(0, r.length);
        }
    }

    @Test
    void statusWithoutReasonPhrase() {
        Recorder r = new Recorder();
        assertEquals(HttpResponseParser.Progress.COMPLETE, feed(new HttpResponseParser(r), "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", 1000));
        assertEquals(404, r.status);
    }

    @Test
    void aStoppedParseReportsStopped() {
        Recorder r = new Recorder();
        r.stopAtHead = true;
        assertEquals(HttpResponseParser.Progress.STOPPED, feed(new HttpResponseParser(r), "HTTP/1.1 500 x\r\n\r\nbody", 1000));
        assertEquals("", r.body.toString());
    }

    @Test
    void garbageIsInvalid() {
        String[] bad = {
            "SSH-2.0-OpenSSH_9.2\r\n",
            "HTTP/1.1 20 OK\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n",
        };
        for (String b : bad) {
            HttpResponseParser p = new HttpResponseParser(new Recorder());
            assertEquals(HttpResponseParser.Progress.INVALID, feed(p, b, 1000), b);
        }
    }

    @Test
    void headersAndStatusLineAreBounded() {
        HttpResponseParser p = new HttpResponseParser(new Recorder());
        assertEquals(HttpResponseParser.Progress.INVALID, feed(p, "HTTP/1.1 200 " + "x".repeat(5000), 100));
        assertEquals("status line too long", p.invalidReason());
        HttpResponseParser q = new HttpResponseParser(new Recorder());
        assertEquals(HttpResponseParser.Progress.INVALID, feed(q, "HTTP/1.1 200 OK\r\n" + "X-A: b\r\n".repeat(3000), 100));
        assertEquals("headers too long", q.invalidReason());
    }

    @Test
    void transferEncodingOtherThanChunkedLastIsNotChunked() {
        Recorder r = new Recorder();
        HttpResponseParser p = new HttpResponseParser(r);
        assertEquals(HttpResponseParser.Progress.MORE, feed(p, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nraw", 1000));
        assertEquals(true, p.endsAtClose());
        assertEquals("raw", r.body.toString());
    }

    /** Parses {@code text} whole, in pieces of {@code split}, and says whether the connection could carry another request. */
    static boolean reusable(String text, int split, boolean stopAtHead) {
        Recorder r = new Recorder();
        r.stopAtHead = stopAtHead;
        HttpResponseParser p = new HttpResponseParser(r);
        feed(p, text, split);
        return p.connectionReusable();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 1000})
    void persistentAnswersLeaveTheConnectionReusable(int split) {
        assertEquals(true, reusable("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", split, false));
        assertEquals(true, reusable("HTTP/1.1 204 No Content\r\n\r\n", split, false));
        assertEquals(true, reusable("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n\r\n", split, false));
        assertEquals(true, reusable("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", split, false));
        assertEquals(true, reusable("HTTP/1.0 200 OK\r\nconnection: upgrade,  keep-alive\r\nContent-Length: 0\r\n\r\n", split, false));
        assertEquals(true, reusable("HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy", split, false));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 1000})
    void answersThatEndTheConnectionDoNot(int split) {
        // the server asks to close, in any case and among other tokens
        assertEquals(false, reusable("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", split, false));
        assertEquals(false, reusable("HTTP/1.1 200 OK\r\nCONNECTION: Upgrade, Close\r\nContent-Length: 2\r\n\r\nok", split, false));
        // HTTP/1.0 closes unless it says keep-alive; "keep-alive-ish" and "closed" are not the tokens
        assertEquals(false, reusable("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", split, false));
        assertEquals(false, reusable("HTTP/1.0 200 OK\r\nConnection: keep-alive-ish\r\nContent-Length: 2\r\n\r\nok", split, false));
        assertEquals(true, reusable("HTTP/1.1 200 OK\r\nConnection: closed\r\nContent-Length: 2\r\n\r\nok", split, false));
        // a body that ends at the close, or one not read to its end
        assertEquals(false, reusable("HTTP/1.1 200 OK\r\n\r\nok", split, false));
        assertEquals(false, reusable("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok", split, false));
        assertEquals(false, reusable("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", split, true));
        // a Connection header that names another header must not be taken for the Connection header
        assertEquals(true, reusable("HTTP/1.1 200 OK\r\nX-Connection: close\r\nContent-Length: 2\r\n\r\nok", split, false));
    }

    @Test
    void bytesAfterTheAnswerMakeTheConnectionUnusable() {
        // in the same read as the end of the answer: an answer to a request never sent, or a broken framing
        assertEquals(false, reusable("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n", 1000, false));
        assertEquals(false, reusable("HTTP/1.1 204 No Content\r\n\r\nX", 1000, false));
        assertEquals(false, reusable("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nX", 1000, false));
    }
}

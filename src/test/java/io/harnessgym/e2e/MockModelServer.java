package io.harnessgym.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A model API on 127.0.0.1 for driving the real agent CLIs offline: it records every request body
 * and answers with server-sent events that the subclass scripts. Stops itself on {@link #close()}.
 */
abstract class MockModelServer implements AutoCloseable {
    private final HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    MockModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The HTTP status to answer {@code body} with; anything but 200 is an error reply. */
    int status(String path, JsonNode body) {
        return 200;
    }

    /** The SSE events for one request: pairs of event name and data JSON. */
    abstract List<String[]> answer(String path, JsonNode body);

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            JsonNode body = raw.length == 0 ? Json.object() : Json.MAPPER.readTree(raw);
            String path = exchange.getRequestURI().getPath();
            requests.add(body);
            int status = status(path, body);
            if (status != 200) {
                byte[] error =
                        ("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"mock error "
                                        + status
                                        + "\"}}")
                                .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("content-type", "application/json");
                exchange.sendResponseHeaders(status, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            List<String[]> events = answer(path, body);
            if (events == null) {
                byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("content-type", "application/json");
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
                return;
            }
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.getResponseHeaders().add("cache-control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String[] event : events) {
                out.write(
                        ("event: " + event[0] + "\ndata: " + event[1] + "\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    /** Never answers (until the server stops): a model that hangs. */
    static List<String[]> hang() {
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    static String[] event(String name, Object data) {
        return new String[] {name, Json.compact(Json.MAPPER.valueToTree(data))};
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

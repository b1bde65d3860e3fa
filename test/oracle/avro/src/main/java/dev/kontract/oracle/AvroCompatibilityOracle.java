package dev.kontract.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The reference answer for test/compat/avro-oracle.test.ts: Apache Avro's own reader/writer check.
 *
 * <p>Reads one JSON object per line on stdin:
 * {"id": "...", "reader": "<schema text>", "writer": "<schema text>",
 *  "readerReferences": ["<text>", ...], "writerReferences": ["<text>", ...]}
 * and prints one JSON object per line: {"id", "result", "incompatibilities": [{"type", "location", "message"}], "error"}
 * where result is COMPATIBLE, INCOMPATIBLE, READER_INVALID / WRITER_INVALID (the schema does not parse) or
 * CHECK_FAILED (Avro's check threw, which Confluent reports as an incompatibility).
 *
 * <p>Schemas are parsed as Confluent parses stored schemas: {@code new Schema.Parser().setValidateDefaults(false)},
 * references first, into the same parser.
 */
public final class AvroCompatibilityOracle {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AvroCompatibilityOracle() {
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      out.println(MAPPER.writeValueAsString(answer(MAPPER.readTree(line))));
    }
    out.flush();
  }

  private static ObjectNode answer(JsonNode pair) {
    ObjectNode result = MAPPER.createObjectNode();
    result.put("id", pair.path("id").asText());
    ArrayNode incompatibilities = result.putArray("incompatibilities");
    Schema reader;
    Schema writer;
    try {
      reader = parse(pair.path("reader").asText(), pair.path("readerReferences"));
    } catch (RuntimeException e) {
      return failed(result, "READER_INVALID", e);
    }
    try {
      writer = parse(pair.path("writer").asText(), pair.path("writerReferences"));
    } catch (RuntimeException e) {
      return failed(result, "WRITER_INVALID", e);
    }
    SchemaPairCompatibility compatibility;
    try {
      compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    } catch (RuntimeException e) {
      return failed(result, "CHECK_FAILED", e);
    }
    result.put("result", compatibility.getType().name());
    for (Incompatibility incompatibility : compatibility.getResult().getIncompatibilities()) {
      ObjectNode item = incompatibilities.addObject();
      item.put("type", incompatibility.getType().name());
      item.put("location", incompatibility.getLocation());
      item.put("message", incompatibility.getMessage());
    }
    return result;
  }

  private static Schema parse(String text, JsonNode references) {
    Schema.Parser parser = new Schema.Parser().setValidateDefaults(false);
    if (references.isArray()) {
      for (JsonNode reference : references) {
        parser.parse(reference.asText());
      }
    }
    return parser.parse(text);
  }

  private static ObjectNode failed(ObjectNode result, String kind, RuntimeException e) {
    result.put("result", kind);
    result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    return result;
  }
}

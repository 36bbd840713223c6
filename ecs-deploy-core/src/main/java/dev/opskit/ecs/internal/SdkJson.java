package dev.opskit.ecs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * Converts AWS SDK model objects to and from JSON with the field names of the service's JSON
 * protocol (the names {@code aws ecs describe-task-definition} prints), driven by the model's own
 * field list, so fields added to the SDK later are carried without code changes here.
 *
 * <p>Internal to opskit; may change in any release.
 */
public final class SdkJson {
  /** The shared mapper; configured once, thread-safe. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private SdkJson() {}

  /**
   * Returns the object as a JSON object; absent fields and never-set lists and maps are left out.
   *
   * @param pojo a model object or builder
   * @return the JSON
   */
  public static ObjectNode toJson(SdkPojo pojo) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (isPresent(value)) {
        node.set(field.locationName(), value(value));
      }
    }
    return node;
  }

  /**
   * Tells whether a field value was set: not null and not an SDK auto-constructed empty.
   *
   * @param value the value
   * @return true when set
   */
  public static boolean isPresent(Object value) {
    return value != null
        && !(value instanceof SdkAutoConstructList)
        && !(value instanceof SdkAutoConstructMap);
  }

  private static JsonNode value(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value instanceof SdkPojo pojo) {
      return toJson(pojo);
    }
    if (value instanceof List<?> list) {
      ArrayNode array = f.arrayNode();
      list.forEach(item -> array.add(item == null ? f.nullNode() : value(item)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = f.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), v == null ? f.nullNode() : value(v)));
      return object;
    }
    if (value instanceof String s) {
      return f.textNode(s);
    }
    if (value instanceof Boolean b) {
      return f.booleanNode(b);
    }
    if (value instanceof Integer i) {
      return f.numberNode(i);
    }
    if (value instanceof Long l) {
      return f.numberNode(l);
    }
    if (value instanceof Double d) {
      return f.numberNode(d);
    }
    if (value instanceof Float fl) {
      return f.numberNode(fl);
    }
    if (value instanceof BigDecimal bd) {
      return f.numberNode(bd);
    }
    if (value instanceof Instant instant) {
      return f.numberNode(
          BigDecimal.valueOf(instant.getEpochSecond())
              .add(BigDecimal.valueOf(instant.getNano(), 9))
              .stripTrailingZeros());
    }
    if (value instanceof SdkBytes bytes) {
      return f.textNode(bytes.asUtf8String());
    }
    return f.textNode(value.toString());
  }

  /**
   * Sets the builder's fields from a JSON object.
   *
   * @param builder a model builder, such as {@code RegisterTaskDefinitionRequest.builder()}
   * @param json the JSON object
   * @param path where the object sits, for error messages
   * @throws IllegalArgumentException naming the path of an unknown field or a value of the wrong
   *     type
   */
  public static void fill(SdkPojo builder, JsonNode json, String path) {
    if (!json.isObject()) {
      throw new IllegalArgumentException(
          path + ": expected an object, found " + json.getNodeType());
    }
    Map<String, SdkField<?>> fields = fieldsByName(builder);
    Iterator<Map.Entry<String, JsonNode>> it = json.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> entry = it.next();
      String where = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
      SdkField<?> field = fields.get(entry.getKey());
      if (field == null) {
        throw new IllegalArgumentException(
            where + ": unknown field (known: " + String.join(", ", fields.keySet()) + ")");
      }
      if (!entry.getValue().isNull()) {
        field.set(builder, read(field, entry.getValue(), where));
      }
    }
  }

  /**
   * Returns the JSON names of the builder's fields.
   *
   * @param pojo a model object or builder
   * @return name to field, in model order
   */
  public static Map<String, SdkField<?>> fieldsByName(SdkPojo pojo) {
    Map<String, SdkField<?>> fields = new LinkedHashMap<>();
    for (SdkField<?> field : pojo.sdkFields()) {
      fields.put(field.locationName(), field);
    }
    return fields;
  }

  private static Object read(SdkField<?> field, JsonNode json, String path) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      SdkPojo nested = field.constructor().get();
      fill(nested, json, path);
      return ((Buildable) nested).build();
    }
    if (type == MarshallingType.LIST) {
      expect(json.isArray(), path, "an array", json);
      SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < json.size(); i++) {
        list.add(read(member, json.get(i), path + "[" + i + "]"));
      }
      return list;
    }
    if (type == MarshallingType.MAP) {
      expect(json.isObject(), path, "an object", json);
      SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
      Map<String, Object> map = new HashMap<>();
      json.fields()
          .forEachRemaining(
              e -> map.put(e.getKey(), read(member, e.getValue(), path + "." + e.getKey())));
      return map;
    }
    if (type == MarshallingType.STRING) {
      expect(json.isValueNode(), path, "a string", json);
      return json.asText();
    }
    if (type == MarshallingType.INTEGER) {
      expect(json.canConvertToInt(), path, "an integer", json);
      return json.asInt();
    }
    if (type == MarshallingType.LONG) {
      expect(json.canConvertToLong(), path, "an integer", json);
      return json.asLong();
    }
    if (type == MarshallingType.BOOLEAN) {
      expect(json.isBoolean(), path, "true or false", json);
      return json.asBoolean();
    }
    if (type == MarshallingType.DOUBLE) {
      expect(json.isNumber(), path, "a number", json);
      return json.asDouble();
    }
    if (type == MarshallingType.FLOAT) {
      expect(json.isNumber(), path, "a number", json);
      return (float) json.asDouble();
    }
    if (type == MarshallingType.INSTANT) {
      expect(json.isNumber(), path, "epoch seconds", json);
      BigDecimal seconds = json.decimalValue();
      return Instant.ofEpochSecond(
          seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    throw new IllegalArgumentException(path + ": unsupported field type " + type);
  }

  private static void expect(boolean ok, String path, String what, JsonNode json) {
    if (!ok) {
      throw new IllegalArgumentException(
          path + ": expected " + what + ", found " + json.getNodeType());
    }
  }
}

package dev.opskit.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opskit.sigv4.opensearch.SignedOpenSearch;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.Time;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.DeleteByQueryResponse;
import org.opensearch.client.opensearch.core.ScrollResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import software.amazon.awssdk.regions.Region;

/**
 * End to end through the OpenSearch Java client ({@code ApacheHttpClient5Transport}, async) against
 * a real OpenSearch node behind the verifying proxy, with and without request compression.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSearchJavaClientIT {
  private SignedNode fixture;
  private LocalOpenSearch node;
  private VerifyingServer proxy;
  private AwsSigV4Signer signer;

  @BeforeAll
  void start() throws IOException {
    fixture = SignedNode.start(Region.AP_NORTHEAST_1, "JAVA", 3);
    node = fixture.node;
    proxy = fixture.proxy;
    signer = fixture.signer;
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void clear() {
    proxy.clear();
  }

  @SuppressWarnings("rawtypes") // documents are read as plain maps
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void indexesBulkLoadsSearchesScrollsAndDeletes(boolean compression) throws Exception {
    OpenSearchClient client =
        compression
            ? new OpenSearchClient(
                SignedOpenSearch.transportBuilder(proxy.uri(), signer)
                    .setCompressionEnabled(true)
                    .build())
            : SigV4OpenSearch.client(proxy.uri(), signer);
    String index = "orders+é%(x)~" + (compression ? "-gz" : "");
    try {
      client.indices().create(c -> c.index(index));
      client.index(
          i -> i.index(index).id("a/b c?d").document(Map.of("kind", "x")).refresh(Refresh.True));

      BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
      int docs = 10_000;
      for (int n = 0; n < docs; n++) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("kind", n % 2 == 0 ? "even" : "odd");
        doc.put("n", n);
        doc.put("text", "lorem ipsum dolor sit amet ".repeat(10) + "ü");
        String id = Integer.toString(n);
        bulk.operations(op -> op.index(ix -> ix.index(index).id(id).document(doc)));
      }
      BulkResponse bulked = client.bulk(bulk.build());
      assertThat(bulked.errors()).isFalse();
      VerifyingServer.Recorded onWire = proxy.last();
      assertThat(onWire.rawPath()).isEqualTo("/_bulk");
      if (compression) {
        assertThat(onWire.header("content-encoding")).isEqualTo("gzip");
      } else {
        assertThat(onWire.body().length).isGreaterThan(3_000_000);
      }

      SearchResponse<Map> search =
          client.search(
              s ->
                  s.index(index)
                      .query(q -> q.term(t -> t.field("kind").value(FieldValue.of("even"))))
                      .size(0)
                      .trackTotalHits(t -> t.enabled(true)),
              Map.class);
      assertThat(search.hits().total().value()).isEqualTo(5000);

      SearchResponse<Map> first =
          client.search(
              s -> s.index(index).scroll(Time.of(t -> t.time("1m"))).size(4000), Map.class);
      ScrollResponse<Map> next =
          client.scroll(
              s -> s.scrollId(first.scrollId()).scroll(Time.of(t -> t.time("1m"))), Map.class);
      assertThat(next.hits().hits()).hasSize(4000);
      client.clearScroll(c -> c.scrollId(next.scrollId()));

      DeleteByQueryResponse deleted =
          client.deleteByQuery(
              d ->
                  d.index(index)
                      .query(q -> q.term(t -> t.field("kind").value(FieldValue.of("odd"))))
                      .refresh(Refresh.True));
      assertThat(deleted.deleted()).isEqualTo(5000);
      assertThat(client.indices().exists(e -> e.index(index)).value()).isTrue();
      client.indices().delete(d -> d.index(index));
    } finally {
      client._transport().close();
    }
    assertThat(proxy.recorded()).isNotEmpty().allMatch(VerifyingServer.Recorded::verified);
    assertThat(proxy.recorded().stream().map(r -> r.header("x-amz-security-token")).distinct())
        .hasSize(3);
  }
}

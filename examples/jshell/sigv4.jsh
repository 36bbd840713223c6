// es-sigv4-transport from JShell: index, bulk-load and search an IAM-protected Amazon OpenSearch
// Service domain through a SigV4-signed HttpClient. Run from the repository root with the class
// path of README.md and your AWS credentials in the usual places (env, profile, role):
//   OPSKIT_SIGV4_ENDPOINT=https://search-x.ap-northeast-1.es.amazonaws.com \
//     jshell --class-path "$CP" examples/jshell/sigv4.jsh
import dev.opskit.sigv4.*;
import java.net.URI;
import software.amazon.awssdk.regions.Region;

var endpoint = URI.create(System.getenv("OPSKIT_SIGV4_ENDPOINT"));

// Region and service (es or aoss) come from the endpoint's name; add .region(Region.of("...")) for
// a VPC alias or any other host name.
var signer = AwsSigV4Signer.builder().endpoint(endpoint).build();
System.out.println(signer);

// 1. Any HttpClient 5 classic or async client: register the handler last in its exec chain.
var http = signer.classicClientBuilder().build();

// 2. Create an index, bulk-load 1,000 documents (gzip, chunked: buffered and signed as sent),
//    search with a body on GET, delete the index.
dev.opskit.examples.sigv4.SigV4Example.run(endpoint, signer, "opskit-jshell", System.out);
http.close();
/exit

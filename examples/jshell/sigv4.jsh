// es-sigv4-transport from JShell: index, bulk-load and search an IAM-protected Amazon OpenSearch
// Service domain through a SigV4-signed HttpClient. Run from the repository root with your AWS
// credentials in the usual places (env, profile, role):
//   OPSKIT_SIGV4_ENDPOINT=https://search-x.ap-northeast-1.es.amazonaws.com \
//     examples/jshell/opskit-jshell examples/jshell/sigv4.jsh
// The work runs in run(...) (opskit-startup.jsh): the first failure ends jshell with status 1.
int status = 1;
status = run(() -> {
  var endpoint = URI.create(setting("OPSKIT_SIGV4_ENDPOINT",
      "the https:// endpoint of the OpenSearch domain or collection to index into, such as"
          + " https://search-x.ap-northeast-1.es.amazonaws.com"));

  // Region and service (es or aoss) come from the endpoint's name; add .region(Region.of("...")) for
  // a VPC alias or any other host name.
  var signer = AwsSigV4Signer.builder().endpoint(endpoint).build();
  System.out.println(signer);

  // A signed HttpClient 5: signer.classicClientBuilder() / asyncClientBuilder(), or register
  // signer.classicHandler() / asyncHandler() last in your own builder. The example below creates an
  // index, bulk-loads 1,000 documents (gzip, chunked: buffered and signed as sent), searches with a
  // body on GET and deletes the index.
  dev.opskit.examples.sigv4.SigV4Example.run(endpoint, signer, "opskit-jshell", System.out);
});
/exit status

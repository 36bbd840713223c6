// opskit's JShell start-up: every module's imports, and run(...) for scripts that must stop at their
// first failure. Loaded by examples/jshell/opskit-jshell, or by hand after the JDK's own start-up:
//   jshell --class-path "$CP" --startup DEFAULT --startup examples/jshell/opskit-startup.jsh [script.jsh]
import dev.opskit.ecs.*;
import dev.opskit.schemadiff.*;
import dev.opskit.sigv4.*;
import dev.opskit.redash.*;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;

Logger log = LoggerFactory.getLogger("jshell");

/** A script's body: any exception it throws ends the script. */
interface ScriptBody {
  void run() throws Exception;
}

/** A setting the script cannot run without, absent from the environment. */
class MissingSettingException extends RuntimeException {
  MissingSettingException(String name, String purpose) {
    super("missing setting " + name + ": " + purpose);
  }
}

/**
 * Runs a script's body and returns the exit status for /exit: 0 if it completed, 1 at its first
 * exception, which is printed (JShell itself would print it and carry on with the next snippet).
 */
int run(ScriptBody body) {
  try {
    body.run();
    return 0;
  } catch (MissingSettingException e) {
    System.err.println(e.getMessage());
    return 1;
  } catch (Throwable e) {
    e.printStackTrace();
    return 1;
  }
}

/** Returns an environment variable, or throws naming it and what it is for. */
String setting(String name, String purpose) {
  String value = System.getenv(name);
  if (value == null || value.isBlank()) {
    throw new MissingSettingException(name, purpose);
  }
  return value;
}

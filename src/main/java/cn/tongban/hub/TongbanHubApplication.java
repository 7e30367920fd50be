package cn.tongban.hub;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import cn.tongban.hub.audit.AuditVerifyCommand;
import cn.tongban.hub.bulkload.BulkLoadCommand;

/** Entry point of Tongban Hub (通办数据枢纽). */
@SpringBootApplication
// Periodic work: the last-known-good purge, the mapping reload in demo, audit archiving.
@org.springframework.scheduling.annotation.EnableScheduling
public class TongbanHubApplication {

    public static void main(String[] args) {
        if (args.length > 0 && AuditVerifyCommand.NAME.equals(args[0])) {
            // Offline verification of an audit export: plain Java, no Spring context, no database.
            System.exit(AuditVerifyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && BulkLoadCommand.NAME.equals(args[0])) {
            // Starts and follows a bulk load on a running hub through its management port.
            System.exit(BulkLoadCommand.run(Arrays.copyOfRange(args, 1, args.length), System::getenv, System.out, System.err));
        }
        SpringApplication.run(TongbanHubApplication.class, args);
    }
}

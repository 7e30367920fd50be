package cn.tongban.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of Tongban Hub (通办数据枢纽). */
@SpringBootApplication
// Periodic work: the last-known-good purge, the mapping reload in demo.
@org.springframework.scheduling.annotation.EnableScheduling
public class TongbanHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(TongbanHubApplication.class, args);
    }
}

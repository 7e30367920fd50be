package cn.tongban.hub.demo.data;

/** The default data set, generated once per test JVM and shared by the test classes. */
final class DefaultData {

    static final SyntheticDataSet DATA = SyntheticDataSet.generateDefault();

    private DefaultData() {
    }
}

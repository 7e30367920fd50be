package cn.tongban.hub.demo.data;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** The fixed word lists and code lists the generator draws from. Order matters: it is part of the seed's meaning. */
final class Vocabulary {

    private Vocabulary() {
    }

    record District(String code, String name) {
    }

    /**
     * A registering region: GB/T 2260 code of the authority, how addresses start, the short
     * name used in enterprise names, the authority's name and the districts people live in.
     */
    record Region(String code, String province, String city, String shortName, String provinceShort,
                  String authority, List<District> districts, double weight) {

        /** Address prefix of a district: 安徽省合肥市蜀山区, or 北京市朝阳区 for a municipality. */
        String addressPrefix(District d) {
            String head = province.equals(city) ? city : province + city;
            return d.name().equals(city) ? head : head + d.name();
        }
    }

    static final List<Region> REGIONS = List.of(
            new Region("340100", "安徽省", "合肥市", "合肥", "安徽", "合肥市市场监督管理局", List.of(
                    new District("340102", "瑶海区"), new District("340103", "庐阳区"),
                    new District("340104", "蜀山区"), new District("340111", "包河区")), 0.25),
            new Region("340200", "安徽省", "芜湖市", "芜湖", "安徽", "芜湖市市场监督管理局", List.of(
                    new District("340202", "镜湖区"), new District("340207", "鸠江区"),
                    new District("340209", "弋江区")), 0.14),
            new Region("350100", "福建省", "福州市", "福州", "福建", "福州市市场监督管理局", List.of(
                    new District("350102", "鼓楼区"), new District("350103", "台江区"),
                    new District("350104", "仓山区"), new District("350111", "晋安区")), 0.14),
            new Region("110105", "北京市", "北京市", "北京", "北京", "北京市朝阳区市场监督管理局", List.of(
                    new District("110105", "朝阳区")), 0.12),
            new Region("310115", "上海市", "上海市", "上海", "上海", "上海市浦东新区市场监督管理局", List.of(
                    new District("310115", "浦东新区")), 0.12),
            new Region("440300", "广东省", "深圳市", "深圳", "广东", "深圳市市场监督管理局", List.of(
                    new District("440303", "罗湖区"), new District("440304", "福田区"),
                    new District("440305", "南山区"), new District("440306", "宝安区")), 0.11),
            new Region("330100", "浙江省", "杭州市", "杭州", "浙江", "杭州市市场监督管理局", List.of(
                    new District("330102", "上城区"), new District("330105", "拱墅区"),
                    new District("330106", "西湖区")), 0.06),
            new Region("320100", "江苏省", "南京市", "南京", "江苏", "南京市市场监督管理局", List.of(
                    new District("320102", "玄武区"), new District("320104", "秦淮区"),
                    new District("320106", "鼓楼区")), 0.06));

    /**
     * Regions of first household registration for people who moved: real county codes,
     * some abolished since (342622, the former 庐江县 of 巢湖), which IDs keep forever.
     */
    static final List<String> ORIGIN_REGIONS = List.of(
            "340524", "341221", "342622", "412726", "510722", "130682", "350583", "320321", "430524", "360121",
            "340822", "341125", "371327", "421023", "500228");

    static final List<String> ROADS = List.of(
            "长江西路", "黄山路", "望江东路", "金寨路", "中山路", "人民路", "建设路", "解放路", "和平路", "五一路",
            "新华路", "文化路", "工业大道", "科技大道", "创新大道", "滨江大道", "世纪大道", "深南大道", "建国路",
            "东三环北路", "张江路", "学院路", "湖东路", "华林路", "西湖大道", "中山北路", "天山路", "习友路");

    static final List<String> BUILDINGS = List.of(
            "国际金融中心", "创新产业园", "科技大厦", "世纪广场", "万达广场", "软件园", "商务中心", "财富大厦");

    /** Enterprise type code, label (as in mappings/codelists/enterprise-type.yaml) and weight. */
    record EnterpriseType(String code, String label, double weight) {
    }

    static final List<EnterpriseType> ENTERPRISE_TYPES = List.of(
            new EnterpriseType("1100", "有限责任公司", 0.10),
            new EnterpriseType("1110", "有限责任公司(国有独资)", 0.03),
            new EnterpriseType("1130", "有限责任公司(自然人投资或控股)", 0.34),
            new EnterpriseType("1140", "有限责任公司(国有控股)", 0.03),
            new EnterpriseType("1150", "一人有限责任公司", 0.05),
            new EnterpriseType("1151", "一人有限责任公司(自然人独资)", 0.12),
            new EnterpriseType("1190", "其他有限责任公司", 0.08),
            new EnterpriseType("1200", "股份有限公司", 0.03),
            new EnterpriseType("1210", "股份有限公司(上市)", 0.01),
            new EnterpriseType("1220", "股份有限公司(非上市)", 0.09),
            new EnterpriseType("2152", "有限责任公司分公司(法人独资)", 0.12));

    private static final Map<String, String> TYPE_LABELS = ENTERPRISE_TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(EnterpriseType::code, EnterpriseType::label));

    static String enterpriseTypeLabel(String code) {
        String label = TYPE_LABELS.get(code);
        if (label == null) {
            throw new IllegalArgumentException("unknown enterprise type " + code);
        }
        return label;
    }

    static final Map<String, String> REGISTRATION_STATE_LABELS = Map.of(
            "1", "存续", "2", "吊销未注销", "3", "吊销已注销", "4", "注销", "5", "撤销", "6", "迁出", "9", "其他");

    /** Registration state codes and their weights: mostly 1 (存续). */
    static final List<String> STATE_CODES = List.of("1", "2", "3", "4", "5", "6", "9");
    static final double[] STATE_WEIGHTS = {0.85, 0.04, 0.01, 0.07, 0.005, 0.015, 0.01};

    /** Industry word in a name and the core of its business scope. */
    record Industry(String word, String scope) {
    }

    static final List<Industry> INDUSTRIES = List.of(
            new Industry("科技", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；计算机系统服务"),
            new Industry("信息技术", "信息系统集成服务；信息技术咨询服务；数据处理和存储支持服务；软件开发"),
            new Industry("网络科技", "互联网信息服务；网络技术服务；广告设计、代理；软件开发"),
            new Industry("电子科技", "电子元器件制造；电子产品销售；集成电路设计；技术服务"),
            new Industry("贸易", "货物进出口；技术进出口；日用百货销售；五金产品批发"),
            new Industry("商贸", "日用百货销售；服装服饰批发；家用电器销售；食品销售（仅销售预包装食品）"),
            new Industry("建筑工程", "建设工程施工；房屋建筑和市政基础设施项目工程总承包；建筑材料销售"),
            new Industry("装饰工程", "住宅室内装饰装修；建筑装饰材料销售；园林绿化工程施工"),
            new Industry("餐饮管理", "餐饮服务；餐饮管理；食品销售；外卖递送服务"),
            new Industry("物流", "道路货物运输（不含危险货物）；国内货物运输代理；仓储服务；装卸搬运"),
            new Industry("医药", "药品批发；第二类医疗器械销售；保健食品销售；医学研究和试验发展"),
            new Industry("文化传媒", "组织文化艺术交流活动；广告制作；会议及展览服务；电影摄制服务"),
            new Industry("环保科技", "环境保护专用设备销售；大气污染治理；水污染治理；固体废物治理"),
            new Industry("农业发展", "谷物种植；蔬菜种植；农产品的生产、销售、加工、运输、贮藏；农业机械服务"),
            new Industry("机械设备", "通用设备制造；机械设备销售；机械设备租赁；普通机械设备安装服务"),
            new Industry("房地产开发", "房地产开发经营；物业管理；住房租赁；非居住房地产租赁"),
            new Industry("教育咨询", "教育咨询服务；组织文化艺术交流活动；信息咨询服务"),
            new Industry("食品", "食品生产；食品销售；农副产品销售；食用农产品批发"),
            new Industry("服装", "服装制造；服装服饰批发；针纺织品销售；鞋帽零售"),
            new Industry("新能源", "太阳能发电技术服务；储能技术服务；新能源汽车电附件销售；电池销售"),
            new Industry("汽车销售服务", "汽车新车销售；二手车经销；机动车修理和维护；汽车零配件零售"),
            new Industry("物业管理", "物业管理；停车场服务；家政服务；城市绿化管理"),
            new Industry("人力资源", "人力资源服务；劳务派遣服务；职业中介活动；企业管理咨询"));

    static final String SCOPE_SUFFIX_NEW = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）";
    static final String SCOPE_SUFFIX_OLD = "。（依法须经批准的项目，经相关部门批准后方可开展经营活动）";

    /** Characters that make up 字号 (trade names). */
    static final String TRADE_NAME_CHARS =
            "华信瑞鑫恒达泰新中安博天联嘉宏润盛德丰远通明银金美和正佳汇海星云智诚凯隆源旭腾科创兴元昌永立启辰祥弘汉广百"
                    + "益众伟东方锦宇鼎晟辉";

    /** 字号 with Latin letters or digits, which full-width quirks can touch. */
    static final List<String> ASCII_TRADE_NAMES = List.of("A8", "E家", "3D", "5G", "K11", "T3", "U客", "M6", "e路", "9号");

    /** Common surnames, most frequent first. */
    static final String SURNAMES =
            "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
                    + "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

    static final List<String> COMPOUND_SURNAMES = List.of("欧阳", "司马", "上官", "诸葛");

    static final String MALE_GIVEN = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国志文海东峰亮成晨博睿轩子豪然哲";
    static final String FEMALE_GIVEN = "芳娜敏静丽艳娟霞秀英玲燕红梅莉兰婷雪琳晶慧颖洁倩欣怡萱佳悦彤雨诗涵琪";

    /** Homophones a clerk may type instead (同音字), for name disagreements. */
    static final Map<Character, Character> HOMOPHONES = Map.ofEntries(
            Map.entry('伟', '玮'), Map.entry('明', '铭'), Map.entry('静', '婧'), Map.entry('丽', '莉'),
            Map.entry('华', '桦'), Map.entry('军', '君'), Map.entry('杰', '捷'), Map.entry('涛', '韬'),
            Map.entry('峰', '锋'), Map.entry('玲', '苓'), Map.entry('燕', '艳'), Map.entry('红', '虹'),
            Map.entry('磊', '垒'), Map.entry('刚', '钢'), Map.entry('辉', '晖'), Map.entry('鹏', '朋'),
            Map.entry('娜', '那'), Map.entry('敏', '民'), Map.entry('霞', '侠'), Map.entry('婷', '亭'),
            Map.entry('林', '琳'), Map.entry('欣', '馨'), Map.entry('雪', '雯'), Map.entry('宇', '雨'));

    /** GB 3304 ethnic group codes other than 01 (汉), for the minority share. */
    static final List<String> MINORITY_CODES = List.of("02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15");

    /** Digits of the second place of a Chinese mobile number. */
    static final String MOBILE_SECOND = "3456789";

    /** Picks by weight; the weights need not sum to one. */
    static int weighted(SplittableRandom r, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}

//! `gongkai demo`: a synthetic national corpus, for trying gongkai and for benchmarks.
//!
//! Writes a whole site (`site.toml`, `content/about.md`, agency files and reports) whose
//! agencies, numbers and words are invented, and says so wherever it shows: every agency name
//! starts with 「（合成）」, every id with `synthetic-`, every report's first paragraph with
//! 「本报告为合成演示数据」.
//!
//! The corpus is shaped like the real one: agencies spread over the 31 provinces and made-up
//! prefectures, counties and townships; request volumes heavy-tailed (most agencies receive a
//! handful, a few thousands); outcomes spread the way published tables spread them; 上年结转
//! equal to last year's 结转下年度; every arithmetic rule of the catalogue satisfied, except in a
//! small seeded share of reports that carry the agency's own published mistake together with
//! the `as_published` declaration that pins it, so `gongkai check` passes with warnings only.
//!
//! Deterministic: every random choice comes from a SplitMix64 stream seeded from the seed and
//! the agency's index, and only IEEE basic arithmetic and `sqrt` turn it into numbers (no libm
//! `exp`/`ln`, whose last bits differ between platforms), so one seed gives the same bytes on
//! every machine. Agencies are independent, so they are generated and written in parallel.

use std::fmt::{self, Write as _};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::catalogue::{RowSet, RuleShape, SectionId, Template, TemplateDef};
use crate::draft::{Draft, DraftDeclaration, write_report_file};
use crate::model::{AgencyKind, Level, Number};
use crate::validate::deadline;
use crate::write::bulk_file;

/// The report years: 2020 uses the 2019 template, 2021 on the 2021 one, so both occur.
pub const FIRST_YEAR: u16 = 2020;
pub const YEARS: u16 = 5;

/// The file that marks a folder as an earlier demo output, which may be overwritten.
pub const MARKER: &str = ".gongkai-demo";

/// The file, beside `content/`, listing every section seeded as a copy (agency, year, section,
/// source agency, source year), so that the detection of `narrative.copied` can be scored.
pub const SEEDED_COPIES: &str = "seeded-copies.csv";

/// The share of fully written reports carrying a declared inconsistency of the agency's own
/// (about 2% of all reports, since the agencies that leave cells blank carry none).
const DECLARED_SHARE: f64 = 0.022;

#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub reports: usize,
    pub seed: u64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub agencies: usize,
    pub reports: usize,
    /// Reports that carry an `as_published` declaration.
    pub declared: usize,
    /// Sections seeded as copies of another report's (listed in [`SEEDED_COPIES`]).
    pub seeded_copies: usize,
    /// Bytes written, all files together.
    pub bytes: u64,
}

#[derive(Debug)]
pub enum DemoError {
    NoReports,
    TooMany {
        max: usize,
    },
    /// The folder holds something that is not an earlier demo: never overwritten.
    NotEmpty(PathBuf),
    Io(PathBuf, io::Error),
}

impl fmt::Display for DemoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DemoError::NoReports => write!(f, "--reports must be at least 1"),
            DemoError::TooMany { max } => write!(
                f,
                "the synthetic country has room for at most {max} reports"
            ),
            DemoError::NotEmpty(p) => write!(
                f,
                "{} is not empty and holds no earlier demo ({MARKER} is missing): refusing to write into it",
                p.display()
            ),
            DemoError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for DemoError {}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> DemoError + '_ {
    move |e| DemoError::Io(path.to_path_buf(), e)
}

/// `gongkai demo`: generate, print one summary line, return the exit code.
pub fn cli(output: &Path, reports: usize, seed: u64) -> u8 {
    let start = std::time::Instant::now();
    match generate(output, &Options { reports, seed }) {
        Ok(s) => {
            println!(
                "wrote a synthetic demo of {} by {} ({} with declared inconsistencies, {} sections seeded as copies, listed in {SEEDED_COPIES}; {:.1} MB) to {} in {:.2} s",
                crate::diagnostic::print::count(s.reports, "report", "reports"),
                crate::diagnostic::print::count(s.agencies, "agency", "agencies"),
                s.declared,
                s.seeded_copies,
                s.bytes as f64 / 1e6,
                output.display(),
                start.elapsed().as_secs_f64()
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            if matches!(e, DemoError::NotEmpty(_)) {
                eprintln!("hint: name a new or empty folder, e.g. --output /tmp/gongkai-demo");
            }
            2
        }
    }
}

/// Write the demo site into `dir`: new, empty, or an earlier demo (whose `content/` is
/// replaced, so a smaller corpus leaves no stale reports behind).
pub fn generate(dir: &Path, options: &Options) -> Result<Summary, DemoError> {
    if options.reports == 0 {
        return Err(DemoError::NoReports);
    }
    let world = World::new(options.seed);
    let agencies = options.reports.div_ceil(YEARS as usize);
    if agencies > world.slots.len() {
        return Err(DemoError::TooMany {
            max: world.slots.len() * YEARS as usize,
        });
    }
    prepare(dir)?;
    let content = dir.join("content");
    let mut bytes = 0u64;
    let mut put = |path: PathBuf, text: String| -> Result<(), DemoError> {
        bytes += text.len() as u64;
        bulk_file(&path, text.as_bytes()).map_err(io_err(&path))
    };
    put(
        dir.join(MARKER),
        format!(
            "written by gongkai demo --reports {} --seed {}; gongkai demo may overwrite this folder\n",
            options.reports, options.seed
        ),
    )?;
    put(dir.join("site.toml"), site_toml(options))?;
    fs::create_dir_all(content.join("agencies")).map_err(io_err(&content))?;
    fs::create_dir_all(content.join("reports")).map_err(io_err(&content))?;
    put(content.join("about.md"), about(options))?;
    let width = agencies.to_string().len().max(4);
    let per_agency: Result<Vec<(u64, usize, Vec<SeededCopy>)>, DemoError> = (0..agencies)
        .into_par_iter()
        .map(|index| write_agency(&world, &content, index, width, options))
        .collect();
    let per_agency = per_agency?;
    let mut csv = String::from("agency,year,section,source_agency,source_year\n");
    let mut seeded_copies = 0;
    for c in per_agency.iter().flat_map(|(_, _, c)| c) {
        let _ = writeln!(
            csv,
            "{},{},{},{},{}",
            c.agency, c.year, c.section, c.source_agency, c.source_year
        );
        seeded_copies += 1;
    }
    put(dir.join(SEEDED_COPIES), csv)?;
    Ok(Summary {
        agencies,
        reports: options.reports,
        declared: per_agency.iter().map(|(_, d, _)| d).sum(),
        seeded_copies,
        bytes: bytes + per_agency.iter().map(|(b, _, _)| b).sum::<u64>(),
    })
}

/// Refuse a folder with foreign content; clear an earlier demo's `content/`.
fn prepare(dir: &Path) -> Result<(), DemoError> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            let empty = entries.next().is_none();
            if !empty {
                if !dir.join(MARKER).is_file() {
                    return Err(DemoError::NotEmpty(dir.to_path_buf()));
                }
                let content = dir.join("content");
                if content.exists() {
                    fs::remove_dir_all(&content).map_err(io_err(&content))?;
                }
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(io_err(dir))
        }
        Err(e) => Err(DemoError::Io(dir.to_path_buf(), e)),
    }
}

fn site_toml(options: &Options) -> String {
    format!(
        "# A synthetic demo site written by `gongkai demo --reports {} --seed {}`.\n\
         # Every agency, number and text in it is invented.\n\
         title = \"gongkai 合成演示数据 (synthetic demo)\"\n\
         description = \"合成演示数据：机关、数字和文字均为虚构，不代表任何真实机关。Synthetic data: no real agency.\"\n\
         base_url = \"/\"\n\
         language = \"zh-CN\"\n",
        options.reports, options.seed
    )
}

fn about(options: &Options) -> String {
    format!(
        "# 关于本站：合成演示数据\n\n\
         本站的全部机关、年度报告、表格数字和文字均由 `gongkai demo` 按随机种子 {seed} 自动生成，\
         是**合成演示数据**，不对应任何真实的行政机关，不得作为事实引用。机关名称均以「（合成）」开头，\
         地名中除省级名称外均为虚构。\n\n\
         数据按真实年度报告的样子生成：多数机关全年只收到少量政府信息公开申请，少数机关收到数千件；\
         表格满足国家格式的勾稽关系，上年结转与上年报告的结转下年度一致；约 2% 的报告带有机关自己公布的\
         不一致之处，并已按 `as_published` 声明，在数据质量页上显示为提示。\n\n\
         # About this site: synthetic demo data\n\n\
         Every agency, report, number and text on this site was generated by `gongkai demo` from the \
         random seed {seed} ({reports} reports). None of it describes a real agency; do not cite it. \
         It exists to try gongkai out and to benchmark it at scale.\n",
        seed = options.seed,
        reports = options.reports
    )
}

// ---------------------------------------------------------------------------------------------
// Randomness: SplitMix64 and distributions built from basic arithmetic only.

/// The SplitMix64 generator (Steele, Lea and Flood 2014): tiny, fast, good enough for data
/// that only has to look plausible, and the same on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A hash of a few numbers, for values that must be the same wherever they are computed
/// (a county's name is the same in every agency of that county).
fn hash(parts: &[u64]) -> u64 {
    parts.iter().fold(0x6A09_E667_F3BC_C908, |h, p| {
        mix(h ^ mix(p.wrapping_add(0x9E37_79B9_7F4A_7C15)))
    })
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(mix(seed))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (multiply-shift; the bias is far below anything visible here).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn phrase(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }

    /// Standard normal, by the Irwin–Hall sum of twelve uniforms: no `ln` or `cos`, so no
    /// platform-dependent bits; the tails stop at ±6, which no report needs.
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }

    fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        exp(mu + sigma * self.normal())
    }

    fn poisson(&mut self, lambda: f64) -> i64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda > 30.0 {
            return (lambda + lambda.sqrt() * self.normal()).round().max(0.0) as i64;
        }
        // Knuth: multiply uniforms until the product drops below e^-λ.
        let limit = exp(-lambda);
        let mut k = 0;
        let mut p = self.unit();
        while p > limit {
            k += 1;
            p *= self.unit();
        }
        k
    }

    fn binomial(&mut self, n: i64, p: f64) -> i64 {
        if n <= 0 || p <= 0.0 {
            return 0;
        }
        if p >= 1.0 {
            return n;
        }
        if p > 0.5 {
            return n - self.binomial(n, 1.0 - p);
        }
        if n <= 40 {
            return (0..n).filter(|_| self.chance(p)).count() as i64;
        }
        let mean = n as f64 * p;
        if mean < 12.0 {
            return self.poisson(mean).min(n);
        }
        let sd = (mean * (1.0 - p)).sqrt();
        (mean + sd * self.normal()).round().clamp(0.0, n as f64) as i64
    }

    /// Spread `n` over categories in proportion to `weights`, by successive binomials.
    fn multinomial(&mut self, n: i64, weights: &[f64], out: &mut [i64]) {
        let mut left = n;
        let mut weight_left: f64 = weights.iter().sum();
        for (i, w) in weights.iter().enumerate() {
            if left == 0 {
                out[i] = 0;
                continue;
            }
            let x = if i + 1 == weights.len() || weight_left <= *w {
                left
            } else {
                self.binomial(left, w / weight_left)
            };
            out[i] = x;
            left -= x;
            weight_left -= w;
        }
    }
}

/// e^x from basic arithmetic: x = k·ln2 + r with |r| ≤ ln2/2, a Taylor series for e^r, and
/// 2^k put into the exponent bits. Accurate to a few ulps, identical on every platform.
fn exp(x: f64) -> f64 {
    let x = x.clamp(-700.0, 700.0);
    const LN2: f64 = std::f64::consts::LN_2;
    let k = (x / LN2).round();
    let r = x - k * LN2;
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..18 {
        term *= r / i as f64;
        sum += term;
    }
    sum * f64::from_bits(((k as i64 + 1023) as u64) << 52)
}

// ---------------------------------------------------------------------------------------------
// The synthetic country: real provinces, invented prefectures, counties and townships.

struct Province {
    zh: &'static str,
    slug: &'static str,
    /// How its government says 「我省」.
    own: &'static str,
    municipality: bool,
}

const fn prov(
    zh: &'static str,
    slug: &'static str,
    own: &'static str,
    municipality: bool,
) -> Province {
    Province {
        zh,
        slug,
        own,
        municipality,
    }
}

#[rustfmt::skip]
static PROVINCES: [Province; 31] = [
    prov("北京市", "beijing", "我市", true),
    prov("天津市", "tianjin", "我市", true),
    prov("河北省", "hebei", "我省", false),
    prov("山西省", "shanxi", "我省", false),
    prov("内蒙古自治区", "neimenggu", "我区", false),
    prov("辽宁省", "liaoning", "我省", false),
    prov("吉林省", "jilin", "我省", false),
    prov("黑龙江省", "heilongjiang", "我省", false),
    prov("上海市", "shanghai", "我市", true),
    prov("江苏省", "jiangsu", "我省", false),
    prov("浙江省", "zhejiang", "我省", false),
    prov("安徽省", "anhui", "我省", false),
    prov("福建省", "fujian", "我省", false),
    prov("江西省", "jiangxi", "我省", false),
    prov("山东省", "shandong", "我省", false),
    prov("河南省", "henan", "我省", false),
    prov("湖北省", "hubei", "我省", false),
    prov("湖南省", "hunan", "我省", false),
    prov("广东省", "guangdong", "我省", false),
    prov("广西壮族自治区", "guangxi", "我区", false),
    prov("海南省", "hainan", "我省", false),
    prov("重庆市", "chongqing", "我市", true),
    prov("四川省", "sichuan", "我省", false),
    prov("贵州省", "guizhou", "我省", false),
    prov("云南省", "yunnan", "我省", false),
    prov("西藏自治区", "xizang", "我区", false),
    prov("陕西省", "shaanxi", "我省", false),
    prov("甘肃省", "gansu", "我省", false),
    prov("青海省", "qinghai", "我省", false),
    prov("宁夏回族自治区", "ningxia", "我区", false),
    prov("新疆维吾尔自治区", "xinjiang", "我区", false),
];

/// Syllables of invented place names, with their pinyin for the agency id.
#[rustfmt::skip]
static SYLLABLES: [(&str, &str); 72] = [
    ("安", "an"),
    ("平", "ping"),
    ("江", "jiang"),
    ("山", "shan"),
    ("清", "qing"),
    ("河", "he"),
    ("阳", "yang"),
    ("宁", "ning"),
    ("丰", "feng"),
    ("泉", "quan"),
    ("城", "cheng"),
    ("德", "de"),
    ("兴", "xing"),
    ("华", "hua"),
    ("龙", "long"),
    ("云", "yun"),
    ("石", "shi"),
    ("林", "lin"),
    ("新", "xin"),
    ("长", "chang"),
    ("永", "yong"),
    ("嘉", "jia"),
    ("和", "he"),
    ("高", "gao"),
    ("东", "dong"),
    ("西", "xi"),
    ("南", "nan"),
    ("北", "bei"),
    ("临", "lin"),
    ("溪", "xi"),
    ("湖", "hu"),
    ("松", "song"),
    ("桂", "gui"),
    ("岳", "yue"),
    ("泰", "tai"),
    ("昌", "chang"),
    ("吉", "ji"),
    ("富", "fu"),
    ("源", "yuan"),
    ("武", "wu"),
    ("文", "wen"),
    ("乐", "le"),
    ("庆", "qing"),
    ("瑞", "rui"),
    ("明", "ming"),
    ("定", "ding"),
    ("通", "tong"),
    ("海", "hai"),
    ("金", "jin"),
    ("川", "chuan"),
    ("峰", "feng"),
    ("宝", "bao"),
    ("青", "qing"),
    ("白", "bai"),
    ("汉", "han"),
    ("鹤", "he"),
    ("凤", "feng"),
    ("柳", "liu"),
    ("梅", "mei"),
    ("桃", "tao"),
    ("沙", "sha"),
    ("洪", "hong"),
    ("远", "yuan"),
    ("广", "guang"),
    ("济", "ji"),
    ("义", "yi"),
    ("盛", "sheng"),
    ("春", "chun"),
    ("秀", "xiu"),
    ("曲", "qu"),
    ("靖", "jing"),
    ("滨", "bin"),
];

/// An invented place name: two syllables and a suffix.
#[derive(Clone, Debug)]
struct Place {
    zh: String,
    slug: String,
    suffix: &'static str,
}

fn place(h: u64, suffixes: &[(&'static str, u64)]) -> Place {
    let a = SYLLABLES[(h % 72) as usize];
    let mut b = SYLLABLES[((h >> 8) % 72) as usize];
    if b.0 == a.0 {
        b = SYLLABLES[((h >> 8) % 72 + 1) as usize % 72];
    }
    let total: u64 = suffixes.iter().map(|s| s.1).sum();
    let mut roll = (h >> 20) % total;
    let mut suffix = suffixes[0].0;
    for (s, w) in suffixes {
        if roll < *w {
            suffix = s;
            break;
        }
        roll -= w;
    }
    Place {
        zh: format!("{}{}{suffix}", a.0, b.0),
        slug: format!("{}{}", a.1, b.1),
        suffix,
    }
}

/// The departments every level has (a province calls most of them 厅, lower levels 局).
struct Dept {
    province: &'static str,
    local: &'static str,
    slug: &'static str,
    /// What the department works on, for the narrative.
    domain: &'static str,
    /// Multipliers of requests, licensing, penalty and coercion decisions, and the chance of
    /// collecting administrative fees.
    requests: f64,
    licensing: f64,
    penalties: f64,
    coercion: f64,
    fees: f64,
}

#[allow(clippy::too_many_arguments)]
const fn dept(
    province: &'static str,
    local: &'static str,
    slug: &'static str,
    domain: &'static str,
    requests: f64,
    licensing: f64,
    penalties: f64,
    coercion: f64,
    fees: f64,
) -> Dept {
    Dept {
        province,
        local,
        slug,
        domain,
        requests,
        licensing,
        penalties,
        coercion,
        fees,
    }
}

#[rustfmt::skip]
static DEPTS: [Dept; 24] = [
    dept(
        "发展和改革委员会",
        "发展和改革局",
        "fagai",
        "重大项目建设、价格管理和营商环境优化",
        0.8,
        1.0,
        0.1,
        0.0,
        0.1,
    ),
    dept(
        "教育厅",
        "教育局",
        "jiaoyu",
        "义务教育招生、教育收费和学校安全",
        1.2,
        0.6,
        0.1,
        0.0,
        0.3,
    ),
    dept(
        "公安厅",
        "公安局",
        "gongan",
        "户籍管理、交通安全和社会治安",
        2.0,
        8.0,
        30.0,
        3.0,
        0.6,
    ),
    dept(
        "民政厅",
        "民政局",
        "minzheng",
        "社会救助、养老服务和婚姻登记",
        0.8,
        0.5,
        0.1,
        0.0,
        0.1,
    ),
    dept(
        "司法厅",
        "司法局",
        "sifa",
        "公共法律服务、行政复议和普法宣传",
        0.6,
        0.4,
        0.1,
        0.0,
        0.1,
    ),
    dept(
        "财政厅",
        "财政局",
        "caizheng",
        "预决算公开、政府采购和专项资金管理",
        1.0,
        0.1,
        0.2,
        0.0,
        0.1,
    ),
    dept(
        "人力资源和社会保障厅",
        "人力资源和社会保障局",
        "renshe",
        "就业创业、社会保险和劳动保障监察",
        1.6,
        1.5,
        0.5,
        0.0,
        0.3,
    ),
    dept(
        "自然资源厅",
        "自然资源和规划局",
        "ziranziyuan",
        "国土空间规划、土地征收和不动产登记",
        5.0,
        3.0,
        2.0,
        0.3,
        0.8,
    ),
    dept(
        "生态环境厅",
        "生态环境局",
        "shengtai",
        "环境影响评价、污染防治和环境执法",
        1.5,
        1.5,
        3.0,
        0.5,
        0.2,
    ),
    dept(
        "住房和城乡建设厅",
        "住房和城乡建设局",
        "zhujian",
        "房屋征收、保障性住房和建筑市场监管",
        3.0,
        4.0,
        1.5,
        0.2,
        0.6,
    ),
    dept(
        "交通运输厅",
        "交通运输局",
        "jiaotong",
        "道路运输、交通基础设施建设和运输执法",
        1.0,
        6.0,
        6.0,
        0.8,
        0.5,
    ),
    dept(
        "水利厅",
        "水利局",
        "shuili",
        "水资源管理、河湖长制和防汛抗旱",
        0.7,
        1.0,
        0.5,
        0.1,
        0.4,
    ),
    dept(
        "农业农村厅",
        "农业农村局",
        "nongye",
        "乡村振兴、农产品质量安全和惠农补贴",
        1.0,
        1.5,
        1.0,
        0.1,
        0.2,
    ),
    dept(
        "商务厅",
        "商务局",
        "shangwu",
        "市场流通、对外贸易和招商引资",
        0.5,
        0.8,
        0.2,
        0.0,
        0.1,
    ),
    dept(
        "文化和旅游厅",
        "文化广电和旅游局",
        "wenlv",
        "公共文化服务、旅游市场和文物保护",
        0.6,
        1.0,
        1.0,
        0.1,
        0.2,
    ),
    dept(
        "卫生健康委员会",
        "卫生健康委员会",
        "weijian",
        "公共卫生、医疗服务和医疗机构监管",
        1.4,
        4.0,
        2.0,
        0.1,
        0.4,
    ),
    dept(
        "退役军人事务厅",
        "退役军人事务局",
        "tuiyi",
        "退役军人安置、优抚和权益保障",
        0.5,
        0.0,
        0.0,
        0.0,
        0.0,
    ),
    dept(
        "应急管理厅",
        "应急管理局",
        "yingji",
        "安全生产、防灾减灾和应急救援",
        0.7,
        1.0,
        2.5,
        0.3,
        0.1,
    ),
    dept(
        "审计厅",
        "审计局",
        "shenji",
        "审计监督和审计整改",
        0.3,
        0.0,
        0.1,
        0.0,
        0.0,
    ),
    dept(
        "市场监督管理局",
        "市场监督管理局",
        "shichang",
        "市场主体登记、食品药品安全和价格监督",
        1.8,
        12.0,
        8.0,
        1.0,
        0.3,
    ),
    dept(
        "统计局",
        "统计局",
        "tongji",
        "统计调查和统计数据发布",
        0.3,
        0.0,
        0.1,
        0.0,
        0.0,
    ),
    dept(
        "医疗保障局",
        "医疗保障局",
        "yibao",
        "医保待遇、药品集中采购和医保基金监管",
        0.9,
        0.2,
        0.5,
        0.0,
        0.0,
    ),
    dept(
        "林业和草原局",
        "林业局",
        "linye",
        "林地保护、林木采伐和草原管理",
        0.6,
        2.0,
        1.0,
        0.1,
        0.2,
    ),
    dept(
        "人民防空办公室",
        "人民防空办公室",
        "renfang",
        "人防工程建设和防空警报管理",
        0.3,
        0.5,
        0.1,
        0.0,
        0.5,
    ),
];

// The slot space: province × prefecture (0 = the province itself) × county (0 = the
// prefecture itself) × unit (0 government, 1 general office, 2..26 departments, 26..32
// townships). Each valid slot is one agency, so no two agencies share a name.
const PREFECTURES: u64 = 16;
const COUNTIES: u64 = 13;
const UNITS: u64 = 32;
const FIRST_TOWNSHIP: u64 = 2 + DEPTS.len() as u64;

struct Slot {
    province: usize,
    prefecture: u64,
    county: u64,
    unit: u64,
}

fn decode_slot(s: u32) -> Slot {
    let s = s as u64;
    Slot {
        unit: s % UNITS,
        county: (s / UNITS) % COUNTIES,
        prefecture: (s / (UNITS * COUNTIES)) % PREFECTURES,
        province: (s / (UNITS * COUNTIES * PREFECTURES)) as usize,
    }
}

struct World {
    seed: u64,
    /// Valid slots, shuffled by the seed: agency i lives in `slots[i]`.
    slots: Vec<u32>,
}

impl World {
    fn new(seed: u64) -> World {
        let total = PROVINCES.len() as u64 * PREFECTURES * COUNTIES * UNITS;
        let mut world = World {
            seed,
            slots: Vec::new(),
        };
        world.slots = (0..total as u32)
            .filter(|s| world.valid(&decode_slot(*s)))
            .collect();
        // Fisher–Yates, so that the first agencies already spread over the whole country.
        let mut rng = Rng::new(hash(&[seed, 0x5107]));
        for i in (1..world.slots.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            world.slots.swap(i, j);
        }
        world
    }

    fn prefecture_count(&self, province: usize) -> u64 {
        if PROVINCES[province].municipality {
            1
        } else {
            8 + hash(&[self.seed, province as u64]) % 8
        }
    }

    fn county_count(&self, province: usize, prefecture: u64) -> u64 {
        6 + hash(&[self.seed, province as u64, prefecture]) % 7
    }

    fn valid(&self, s: &Slot) -> bool {
        let municipality = PROVINCES[s.province].municipality;
        match (s.prefecture, s.county) {
            (0, 0) => s.unit < FIRST_TOWNSHIP,
            (0, _) => false,
            (k, _) if k > self.prefecture_count(s.province) => false,
            // A municipality's districts belong to no prefecture with agencies of its own.
            (_, 0) => !municipality && s.unit < FIRST_TOWNSHIP,
            (k, j) => j <= self.county_count(s.province, k),
        }
    }

    fn prefecture(&self, province: usize, k: u64) -> Place {
        if PROVINCES[province].municipality {
            return Place {
                zh: "市辖区".into(),
                slug: "shixiaqu".into(),
                suffix: "",
            };
        }
        place(
            hash(&[self.seed, 1, province as u64, k]),
            &[("市", 18), ("地区", 1), ("自治州", 1)],
        )
    }

    fn county(&self, province: usize, k: u64, j: u64) -> Place {
        let suffixes: &[(&'static str, u64)] = if PROVINCES[province].municipality {
            &[("区", 1)]
        } else {
            &[("县", 11), ("区", 6), ("市", 3)]
        };
        place(hash(&[self.seed, 2, province as u64, k, j]), suffixes)
    }

    fn township(&self, province: usize, k: u64, j: u64, t: u64) -> Place {
        place(
            hash(&[self.seed, 3, province as u64, k, j, t]),
            &[("镇", 3), ("乡", 2)],
        )
    }
}

// ---------------------------------------------------------------------------------------------
// One synthetic agency and its habits.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Blanks {
    /// Every cell written.
    None,
    /// Every zero left blank, as some agencies publish.
    Zeros,
    /// The 总计 column of section 三 left blank.
    TotalColumn,
}

struct Agency {
    id: String,
    name: String,
    province: &'static Province,
    prefecture: Option<String>,
    county: Option<String>,
    level: Level,
    kind: AgencyKind,
    dept: Option<&'static Dept>,
    /// How the report refers to the agency (「我局」, 「我县」…).
    own: String,
    /// Expected requests a year.
    requests: f64,
    applicant_weights: [f64; 6],
    outcome_weights: [f64; OUTCOMES_2021],
    carry_share: f64,
    review_share: f64,
    blanks: Blanks,
    /// Posts, trainings and the like, for the narrative.
    activity: f64,
}

/// Outcome rows of the 2021 template (（一） to （六）3), with typical shares of all requests
/// handled: most are granted or 本机关不掌握, refusals are rare.
const OUTCOMES_2021: usize = 21;
static OUTCOME_WEIGHTS: [(&str, f64); OUTCOMES_2021] = [
    ("granted", 0.42),
    ("partly_granted", 0.07),
    ("refused_state_secret", 0.001),
    ("refused_prohibited_by_law", 0.004),
    ("refused_three_securities", 0.003),
    ("refused_third_party", 0.012),
    ("refused_internal_affairs", 0.015),
    ("refused_process_info", 0.02),
    ("refused_enforcement_file", 0.004),
    ("refused_query_matter", 0.01),
    ("unavailable_not_held", 0.2),
    ("unavailable_needs_creation", 0.05),
    ("unavailable_unclear", 0.03),
    ("not_processed_petition", 0.04),
    ("not_processed_repeat", 0.025),
    ("not_processed_publication", 0.004),
    ("not_processed_excessive", 0.006),
    ("not_processed_confirmation", 0.01),
    ("other_no_correction", 0.035),
    ("other_unpaid_fee", 0.002),
    ("other_other", 0.02),
];
static APPLICANT_WEIGHTS: [f64; 6] = [0.86, 0.07, 0.004, 0.004, 0.03, 0.032];

fn make_agency(world: &World, index: usize, width: usize, rng: &mut Rng) -> Agency {
    let slot = decode_slot(world.slots[index]);
    let province = &PROVINCES[slot.province];
    let level = match (slot.prefecture, slot.county, slot.unit >= FIRST_TOWNSHIP) {
        (0, _, _) => Level::Province,
        (_, 0, _) => Level::Prefecture,
        (_, _, false) => Level::County,
        (_, _, true) => Level::Township,
    };
    let pref = (slot.prefecture > 0).then(|| world.prefecture(slot.province, slot.prefecture));
    let county =
        (slot.county > 0).then(|| world.county(slot.province, slot.prefecture, slot.county));
    // The name's place part: 「甲乙市丙丁县」, a municipality's district without 「市辖区」.
    let mut place_zh = String::new();
    let mut place_slug = province.slug.to_string();
    match (&pref, &county) {
        (None, _) => place_zh.push_str(province.zh),
        (Some(p), None) => {
            place_zh.push_str(&p.zh);
            place_slug.clone_from(&p.slug);
        }
        (Some(p), Some(c)) => {
            if province.municipality {
                place_zh.push_str(province.zh);
            } else {
                place_zh.push_str(&p.zh);
            }
            place_zh.push_str(&c.zh);
            place_slug.clone_from(&c.slug);
        }
    }
    let office_word = if level == Level::Province {
        "办公厅"
    } else {
        "办公室"
    };
    let is_prefecture_district =
        pref.as_ref().is_some_and(|p| p.suffix == "地区") && county.is_none();
    let government_word = if is_prefecture_district {
        "行政公署"
    } else {
        "人民政府"
    };
    let local_own = |suffix: &str| format!("我{}", suffix.chars().last().unwrap_or('地'));
    let (name, slug, kind, dept, own) = match slot.unit {
        0 => (
            format!("{place_zh}{government_word}"),
            format!("{place_slug}-zhengfu"),
            AgencyKind::Government,
            None,
            match (&pref, &county) {
                (None, _) => province.own.to_string(),
                (Some(p), None) => local_own(p.suffix),
                (_, Some(c)) => local_own(c.suffix),
            },
        ),
        1 => (
            format!("{place_zh}{government_word}{office_word}"),
            format!("{place_slug}-bangongshi"),
            AgencyKind::GeneralOffice,
            None,
            if level == Level::Province {
                "我厅".into()
            } else {
                "我办".into()
            },
        ),
        u if u < FIRST_TOWNSHIP => {
            let d = &DEPTS[(u - 2) as usize];
            let dept_name = if level == Level::Province && !province.municipality {
                d.province
            } else {
                d.local
            };
            let own = if dept_name.ends_with("委员会") {
                "我委".to_string()
            } else if dept_name.ends_with("办公室") {
                "我办".to_string()
            } else {
                local_own(dept_name)
            };
            (
                format!("{place_zh}{dept_name}"),
                format!("{place_slug}-{}", d.slug),
                AgencyKind::Department,
                Some(d),
                own,
            )
        }
        t => {
            let town = world.township(slot.province, slot.prefecture, slot.county, t);
            (
                format!("{place_zh}{}人民政府", town.zh),
                format!(
                    "{}-{}",
                    town.slug,
                    if town.suffix == "镇" {
                        "zhen"
                    } else {
                        "xiang"
                    }
                ),
                AgencyKind::Government,
                None,
                local_own(town.suffix),
            )
        }
    };
    let base = match (level, kind) {
        (Level::Province, AgencyKind::Government) => 250.0,
        (Level::Province, AgencyKind::GeneralOffice) => 120.0,
        (Level::Province, AgencyKind::Department) => 60.0,
        (Level::Prefecture, AgencyKind::Government) => 60.0,
        (Level::Prefecture, AgencyKind::GeneralOffice) => 25.0,
        (Level::Prefecture, AgencyKind::Department) => 12.0,
        (Level::County, AgencyKind::Government) => 20.0,
        (Level::County, AgencyKind::GeneralOffice) => 6.0,
        (Level::County, AgencyKind::Department) => 3.0,
        (Level::Township, _) => 0.5,
    };
    // Log-normal popularity, and a small share of agencies in the middle of land and housing
    // disputes of a big city: the heavy tail that gives a few agencies thousands of requests.
    let hot = if rng.chance(0.03) {
        rng.lognormal(2.5, 0.8)
    } else {
        1.0
    };
    let requests = base * dept.map_or(1.0, |d| d.requests) * rng.lognormal(0.0, 1.2) * hot;
    let mut applicant_weights = APPLICANT_WEIGHTS;
    for w in &mut applicant_weights {
        *w *= rng.lognormal(0.0, 0.35);
    }
    let mut outcome_weights = [0.0; OUTCOMES_2021];
    for (w, (_, base)) in outcome_weights.iter_mut().zip(&OUTCOME_WEIGHTS) {
        *w = base * rng.lognormal(0.0, 0.6);
    }
    let carry_share = if rng.chance(0.35) {
        0.0
    } else {
        0.01 + 0.1 * rng.unit()
    };
    let review_share = 0.012 * rng.lognormal(0.0, 0.7);
    // Agency 0 always writes every cell, so that even the smallest demo has a report with a
    // declared inconsistency (which needs every cell its rules involve).
    let blanks = match rng.below(100) {
        _ if index == 0 => Blanks::None,
        0..=4 => Blanks::Zeros,
        5..=7 => Blanks::TotalColumn,
        _ => Blanks::None,
    };
    let activity = match level {
        Level::Province => 8.0,
        Level::Prefecture => 3.0,
        Level::County => 1.0,
        Level::Township => 0.3,
    } * rng.lognormal(0.0, 0.4);
    Agency {
        id: format!("synthetic-{index:0width$}-{slug}"),
        name: format!("（合成）{name}"),
        province,
        prefecture: pref.map(|p| p.zh),
        county: county.map(|c| c.zh),
        level,
        kind,
        dept,
        own,
        requests,
        applicant_weights,
        outcome_weights,
        carry_share,
        review_share,
        blanks,
        activity,
    }
}

fn agency_yaml(a: &Agency) -> String {
    let mut out = String::with_capacity(300);
    out.push_str("# yaml-language-server: $schema=../../schema/agency.schema.json\n");
    out.push_str("# Synthetic: written by gongkai demo, not a real agency.\n");
    let _ = writeln!(out, "name: {}", crate::draft::yaml_string(&a.name));
    out.push_str("region:\n");
    let _ = writeln!(out, "  province: {}", a.province.zh);
    if let Some(p) = &a.prefecture {
        let _ = writeln!(out, "  prefecture: {p}");
    }
    if let Some(c) = &a.county {
        let _ = writeln!(out, "  county: {c}");
    }
    let _ = writeln!(out, "level: {}", a.level.key());
    let _ = writeln!(out, "kind: {}", a.kind.key());
    out
}

// ---------------------------------------------------------------------------------------------
// One report's numbers.

/// What carries over from one year's report to the next.
#[derive(Default)]
struct Carry {
    /// Last year's 四、结转下年度继续办理, as published (the six applicant columns).
    carried_forward: Option<[i64; 6]>,
    regulations_in_force: i64,
    normative_in_force: i64,
    /// 2019 template: 上一年项目数量 of licensing, other services, penalties, coercion, fees.
    items: [i64; 5],
}

/// The numbers of section 二, for either template.
#[derive(Default)]
struct Proactive {
    regulations: [i64; 3],
    normative: [i64; 3],
    licensing: i64,
    other_services: i64,
    penalties: i64,
    coercion: i64,
    /// 2019: item counts and changes, in the order of `Carry::items`.
    items: [i64; 5],
    changes: [i64; 5],
    /// 2021 fee in 元 (published in 万元); 2019 procurement count and amount in 分
    /// (published in 元).
    fee_yuan: i64,
    procurement: i64,
    procurement_fen: i64,
}

impl Proactive {
    fn value(&self, template: Template, row: &str, column: &str) -> Number {
        let n = Number::int;
        let item = |i: usize| match column {
            "previous_items" => n(self.items[i]),
            "change" => n(self.changes[i]),
            _ => n(0),
        };
        let triple = |t: &[i64; 3]| match column {
            "issued" | "made" => n(t[0]),
            "repealed" | "published" => n(t[1]),
            _ => n(t[2]),
        };
        match (template, row, column) {
            (_, "regulations", _) => triple(&self.regulations),
            (_, "normative_documents", _) => triple(&self.normative),
            (_, "licensing", "decisions") => n(self.licensing),
            (_, "other_services", "decisions") => n(self.other_services),
            (_, "penalties", "decisions") => n(self.penalties),
            (_, "coercion", "decisions") => n(self.coercion),
            (Template::F2021, "admin_fees", _) => decimal(self.fee_yuan, 4),
            (_, "licensing", _) => item(0),
            (_, "other_services", _) => item(1),
            (_, "penalties", _) => item(2),
            (_, "coercion", _) => item(3),
            (_, "admin_fees", _) => item(4),
            (_, "central_procurement", "purchase_items") => n(self.procurement),
            (_, "central_procurement", _) => decimal(self.procurement_fen, 2),
            _ => n(0),
        }
    }
}

/// A decimal with `scale` digits after the point, without trailing zeros.
fn decimal(units: i64, scale: u8) -> Number {
    let mut n = Number { units, scale };
    while n.scale > 0 && n.units % 10 == 0 {
        n.units /= 10;
        n.scale -= 1;
    }
    n
}

fn proactive(
    a: &Agency,
    template: Template,
    carry: &mut Carry,
    first: bool,
    rng: &mut Rng,
) -> Proactive {
    let scale = match a.level {
        Level::Province => 12.0,
        Level::Prefecture => 4.0,
        Level::County => 1.0,
        Level::Township => 0.15,
    };
    let makes_rules = matches!(a.kind, AgencyKind::Government | AgencyKind::GeneralOffice)
        && matches!(a.level, Level::Province | Level::Prefecture);
    if first {
        carry.regulations_in_force = if makes_rules {
            rng.poisson(scale * 6.0)
        } else {
            0
        };
        carry.normative_in_force = rng.poisson(
            scale
                * 8.0
                * if a.kind == AgencyKind::Department {
                    1.0
                } else {
                    2.0
                },
        );
        for (i, item) in carry.items.iter_mut().enumerate() {
            let per_row = [40.0, 10.0, 60.0, 8.0, 3.0][i];
            *item = rng.poisson(
                per_row
                    * scale.sqrt()
                    * a.dept
                        .map_or(0.5, |d| (d.licensing + d.penalties).sqrt() / 2.0),
            );
        }
    }
    let mut p = Proactive::default();
    let regs_issued = if makes_rules {
        rng.poisson(scale * 0.2)
    } else {
        0
    };
    let norm_issued = rng.poisson(
        scale
            * 1.2
            * if a.kind == AgencyKind::Department {
                1.0
            } else {
                2.0
            },
    );
    let regs_repealed = rng.binomial(carry.regulations_in_force, 0.03);
    let norm_repealed = rng.binomial(carry.normative_in_force, 0.06);
    let decisions = |rng: &mut Rng, factor: f64| {
        if factor == 0.0 || rng.chance(0.25) {
            0
        } else {
            let lambda = scale * factor * 20.0 * rng.lognormal(0.0, 0.8);
            rng.poisson(lambda)
        }
    };
    let d = a.dept;
    p.licensing = decisions(rng, d.map_or(0.3, |d| d.licensing));
    p.penalties = decisions(rng, d.map_or(0.1, |d| d.penalties));
    p.coercion = decisions(rng, d.map_or(0.02, |d| d.coercion));
    match template {
        Template::F2021 => {
            carry.regulations_in_force += regs_issued - regs_repealed;
            carry.normative_in_force += norm_issued - norm_repealed;
            // A few agencies restate the stock after a clean-up of old documents: the
            // years.in-force warning real reports draw.
            if rng.chance(0.03) {
                carry.normative_in_force += rng.range(-carry.normative_in_force.min(5), 5);
            }
            p.regulations = [regs_issued, regs_repealed, carry.regulations_in_force];
            p.normative = [norm_issued, norm_repealed, carry.normative_in_force];
            if rng.chance(d.map_or(0.1, |d| d.fees) * 0.6) {
                p.fee_yuan = (scale * 30_000.0 * rng.lognormal(0.0, 1.3)) as i64;
            }
        }
        Template::F2019 => {
            // 对外公开总数量: the published stock, which the 2021 现行有效件数 continues.
            carry.regulations_in_force += regs_issued;
            carry.normative_in_force += norm_issued;
            p.regulations = [regs_issued, regs_issued, carry.regulations_in_force];
            let published = norm_issued - rng.binomial(norm_issued, 0.05);
            p.normative = [norm_issued, published, carry.normative_in_force];
            p.other_services = decisions(rng, d.map_or(0.2, |d| d.licensing * 0.3));
            p.items = carry.items;
            for i in 0..5 {
                let change = if rng.chance(0.7) {
                    0
                } else {
                    rng.range(-(carry.items[i].min(4)), 4)
                };
                p.changes[i] = change;
                carry.items[i] += change;
            }
            p.procurement = if rng.chance(0.5) {
                rng.poisson(scale * 3.0)
            } else {
                0
            };
            if p.procurement > 0 {
                p.procurement_fen =
                    (p.procurement as f64 * 15_000_000.0 * rng.lognormal(0.0, 0.9)) as i64;
            }
        }
    }
    p
}

/// Section 三 as rows of seven columns, in template order.
struct Requests {
    keys: Vec<&'static str>,
    rows: Vec<[i64; 7]>,
}

impl Requests {
    fn row(&self, key: &str) -> usize {
        self.keys
            .iter()
            .position(|k| *k == key)
            .unwrap_or_else(|| unreachable!("{key} is a section-三 row"))
    }
    fn get(&self, key: &str) -> &[i64; 7] {
        &self.rows[self.row(key)]
    }
    fn total(&self, key: &str) -> i64 {
        self.get(key)[6]
    }
    /// The sum of the total column over rows whose key starts with `prefix`.
    fn group(&self, prefix: &str) -> i64 {
        self.keys
            .iter()
            .zip(&self.rows)
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, r)| r[6])
            .sum()
    }
}

fn requests(
    a: &Agency,
    def: &TemplateDef,
    year_factor: f64,
    carry: &mut Carry,
    rng: &mut Rng,
) -> Requests {
    let keys: Vec<&'static str> = def.rows(SectionId::Requests).map(|(_, r)| r.key).collect();
    let mut rows = vec![[0i64; 7]; keys.len()];
    let row = |key: &str| {
        keys.iter()
            .position(|k| *k == key)
            .unwrap_or_else(|| unreachable!("{key}"))
    };
    // A rare burst (a campaign of identical requests) on top of the agency's usual volume.
    let burst = if rng.chance(0.005) {
        5.0 + 20.0 * rng.unit()
    } else {
        1.0
    };
    let received = rng.poisson((a.requests * year_factor * burst).min(40_000.0));
    let mut split = [0i64; 6];
    rng.multinomial(received, &a.applicant_weights, &mut split);
    let carried = carry.carried_forward.unwrap_or_else(|| {
        let mut c = [0; 6];
        for (c, r) in c.iter_mut().zip(split) {
            *c = rng.binomial(r, a.carry_share);
        }
        c
    });
    // Outcome rows of this template and their weights; 2019's single （六）其他处理 takes the
    // weight of 2021's three.
    let outcome_rows: Vec<usize> = (row("granted")..row("handled_total")).collect();
    let weights: Vec<f64> = outcome_rows
        .iter()
        .map(|&r| match keys[r] {
            "other_handling" => a.outcome_weights[18..].iter().sum(),
            key => OUTCOME_WEIGHTS
                .iter()
                .position(|(k, _)| *k == key)
                .map_or(0.0, |i| a.outcome_weights[i]),
        })
        .collect();
    let mut spread = vec![0i64; outcome_rows.len()];
    let mut forward = [0i64; 6];
    for c in 0..6 {
        let available = split[c] + carried[c];
        forward[c] = rng.binomial(available, a.carry_share);
        rng.multinomial(available - forward[c], &weights, &mut spread);
        rows[row("received")][c] = split[c];
        rows[row("carried_over")][c] = carried[c];
        rows[row("carried_forward")][c] = forward[c];
        for (&r, &x) in outcome_rows.iter().zip(&spread) {
            rows[r][c] = x;
        }
        rows[row("handled_total")][c] = spread.iter().sum();
    }
    for r in &mut rows {
        r[6] = r[..6].iter().sum();
    }
    carry.carried_forward = Some(forward);
    Requests { keys, rows }
}

/// Section 四: 行政复议, 未经复议直接起诉, 复议后起诉 × 结果维持, 纠正, 其他, 尚未审结, 总计.
fn review(a: &Agency, handled: i64, rng: &mut Rng) -> [[i64; 5]; 3] {
    let reconsideration = rng.binomial(handled, a.review_share.min(0.5));
    let direct = rng.binomial(handled, (a.review_share * 0.4).min(0.5));
    let after = rng.binomial(reconsideration, 0.25);
    let mut out = [[0i64; 5]; 3];
    for (row, n) in out.iter_mut().zip([reconsideration, direct, after]) {
        rng.multinomial(n, &[0.66, 0.12, 0.12, 0.10], &mut row[..4]);
        row[4] = n;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The agency's own published mistakes, and their declarations.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mistake {
    /// （七）总计 in the 总计 column off by some amount.
    HandledTotal,
    /// 予以公开 of 自然人 mistyped: its row and its column no longer add up.
    GrantedCell,
    /// 行政复议 总计 off by one or two.
    ReviewTotal,
    /// 上年结转 of 自然人 restated, different from last year's 结转下年度.
    CarryOver,
}

/// The findings the catalogue's arithmetic rules make on a table, computed the way
/// `validate` computes them, so that a declaration pins exactly the same numbers.
fn arithmetic_findings(
    def: &TemplateDef,
    req: &Requests,
    rev: &[[i64; 5]; 3],
) -> Vec<(String, String, i64, i64)> {
    let review_rows = [
        "reconsideration",
        "litigation_direct",
        "litigation_after_review",
    ];
    let get = |section: SectionId, row: &str, column: &str| -> i64 {
        let (block, _) = def
            .row(section, row)
            .unwrap_or_else(|| unreachable!("{row}"));
        let c = block
            .columns
            .iter()
            .position(|c| c.key == column)
            .unwrap_or_else(|| unreachable!("{column}"));
        match section {
            SectionId::Requests => req.get(row)[c],
            _ => {
                rev[review_rows
                    .iter()
                    .position(|r| *r == row)
                    .unwrap_or_else(|| unreachable!("{row}"))][c]
            }
        }
    };
    let mut out = Vec::new();
    for rule in def.rules {
        let section = rule.section;
        match &rule.shape {
            RuleShape::Across { rows, total, parts } => {
                for row in rows.rows(def, section) {
                    let t = get(section, row.key, total);
                    let sum: i64 = parts.iter().map(|p| get(section, row.key, p)).sum();
                    if t != sum {
                        out.push((
                            rule.id.to_string(),
                            format!("{}.{}.{total}", section.key(), row.key),
                            t,
                            sum,
                        ));
                    }
                }
            }
            RuleShape::Down {
                left,
                right,
                anchor,
            } => {
                let (block, _) = def
                    .row(section, anchor)
                    .unwrap_or_else(|| unreachable!("{anchor}"));
                let side = |set: &RowSet, column: &str| -> i64 {
                    set.rows(def, section)
                        .iter()
                        .map(|r| get(section, r.key, column))
                        .sum()
                };
                let anchor_in_left = left.rows(def, section).iter().any(|r| r.key == *anchor);
                for column in block.columns {
                    let (l, r) = (side(left, column.key), side(right, column.key));
                    if l == r {
                        continue;
                    }
                    let a = get(section, anchor, column.key);
                    let expected = if anchor_in_left {
                        r - (l - a)
                    } else {
                        l - (r - a)
                    };
                    out.push((
                        rule.id.to_string(),
                        format!("{}.{anchor}.{}", section.key(), column.key),
                        a,
                        expected,
                    ));
                }
            }
        }
    }
    out
}

/// Put a mistake into the published table; return its declarations.
fn make_mistake(
    mistake: Mistake,
    def: &TemplateDef,
    req: &mut Requests,
    rev: &mut [[i64; 5]; 3],
    rng: &mut Rng,
) -> Vec<DraftDeclaration> {
    let off = |rng: &mut Rng, value: i64, spread: i64| -> i64 {
        let d = rng.range(1, spread.max(1));
        if value >= d && rng.chance(0.5) { -d } else { d }
    };
    let note = match mistake {
        Mistake::HandledTotal => {
            let r = req.row("handled_total");
            let d = off(rng, req.rows[r][6], req.rows[r][6] / 20 + 2);
            req.rows[r][6] += d;
            format!(
                "合成数据：本机关公布的（七）总计比各项办理结果之和{}{}件（synthetic: the agency's own published total）",
                if d > 0 { "多" } else { "少" },
                d.abs()
            )
        }
        Mistake::GrantedCell => {
            let r = req.row("granted");
            let d = off(rng, req.rows[r][0], 3);
            req.rows[r][0] += d;
            "合成数据：本机关公布的（一）予以公开·自然人一格与同行、同列合计不符（synthetic: the agency's own published cell）".to_string()
        }
        Mistake::ReviewTotal => {
            let d = off(rng, rev[0][4], 2);
            rev[0][4] += d;
            "合成数据：本机关公布的行政复议总计与各项结果之和不符（synthetic: the agency's own published total）".to_string()
        }
        Mistake::CarryOver => unreachable!("a carry-over mistake is made before the table"),
    };
    arithmetic_findings(def, req, rev)
        .into_iter()
        .map(|(rule, cell, published, expected)| DraftDeclaration {
            rule,
            cell,
            published: Some(Number::int(published)),
            expected: Some(Number::int(expected)),
            note: Some(note.clone()),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Writing one agency and its reports.

/// Generate and write one agency and its `years` reports; return bytes written and the
/// number of reports with declarations.
/// One report of an agency as generated, before it is written.
struct Generated {
    year: u16,
    draft: Draft,
    declared: bool,
}

/// Generate an agency and its reports (without seeded copies).
fn agency_reports(
    world: &World,
    index: usize,
    width: usize,
    years: u16,
) -> (Agency, Vec<Generated>) {
    let mut rng = Rng::new(hash(&[world.seed, index as u64]));
    let agency = make_agency(world, index, width, &mut rng);
    let mut carry = Carry::default();
    let mut out = Vec::with_capacity(years as usize);
    // Requests grow slowly over the years, with some noise of their own.
    let mut year_factor = 0.8 + 0.3 * rng.unit();
    for offset in 0..years {
        let year = FIRST_YEAR + offset;
        year_factor *= 1.0 + 0.08 * rng.normal();
        let mistake = if agency.blanks != Blanks::None {
            None
        } else if (index == 0 && offset == 3) || rng.chance(DECLARED_SHARE) {
            Some(match rng.below(10) {
                0..=3 => Mistake::HandledTotal,
                4..=5 => Mistake::GrantedCell,
                6..=7 => Mistake::ReviewTotal,
                _ if offset > 0 => Mistake::CarryOver,
                _ => Mistake::HandledTotal,
            })
        } else {
            None
        };
        let (draft, declared) = report(&agency, year, year_factor, mistake, &mut carry, &mut rng);
        out.push(Generated {
            year,
            draft,
            declared,
        });
    }
    (agency, out)
}

/// The free-text sections that copies are seeded in, by index in the draft's narrative.
const COPY_SECTIONS: [(usize, &str); 3] = [(0, "overview"), (4, "problems"), (5, "other")];

/// A seeded copy: the section of `agency`'s `year` report that repeats the same section of
/// `source`'s report of `source_year` (the agency's own previous year, or another agency's
/// same year).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeededCopy {
    pub agency: String,
    pub year: u16,
    pub section: &'static str,
    pub source_agency: String,
    pub source_year: u16,
}

/// What is seeded in one section: about [`COPY_OWN`] of sections repeat the agency's previous
/// year, about [`COPY_OTHER`] another agency's report of the same year. A pure function of the
/// seed, so that the agency copied from can tell it is not itself a copy.
const COPY_OWN: u64 = 30;
const COPY_OTHER: u64 = 20;

enum Seed {
    None,
    Own,
    Other(usize),
}

fn seeded(world: &World, agencies: usize, index: usize, year: u16, slot: usize) -> Seed {
    let h = hash(&[
        world.seed,
        0xC0_B1ED,
        index as u64,
        year as u64,
        slot as u64,
    ]);
    match h % 1000 {
        n if n < COPY_OWN => Seed::Own,
        n if n < COPY_OWN + COPY_OTHER => {
            Seed::Other((index + 1 + ((h >> 20) % 5) as usize) % agencies)
        }
        _ => Seed::None,
    }
}

fn write_agency(
    world: &World,
    content: &Path,
    index: usize,
    width: usize,
    options: &Options,
) -> Result<(u64, usize, Vec<SeededCopy>), DemoError> {
    let agencies = options.reports.div_ceil(YEARS as usize);
    let years_of = |i: usize| (options.reports - i * YEARS as usize).min(YEARS as usize) as u16;
    let (agency, mut generated) = agency_reports(world, index, width, years_of(index));
    let mut copies = Vec::new();
    for k in 0..generated.len() {
        let year = generated[k].year;
        for (slot, (section, key)) in COPY_SECTIONS.iter().enumerate() {
            let mut copy = |source: &str, source_year: u16| {
                copies.push(SeededCopy {
                    agency: agency.id.clone(),
                    year,
                    section: key,
                    source_agency: source.to_string(),
                    source_year,
                })
            };
            let text = match seeded(world, agencies, index, year, slot) {
                Seed::None => continue,
                Seed::Own if k == 0 => continue,
                Seed::Own => {
                    let before = generated[k - 1].draft.narrative[*section].clone();
                    copy(&agency.id, year - 1);
                    before.map(|t| t.replace(&format!("{}年", year - 1), &format!("{year}年")))
                }
                Seed::Other(j) => {
                    let offset = (year - FIRST_YEAR) as usize;
                    let source_is_copy =
                        !matches!(seeded(world, agencies, j, year, slot), Seed::None);
                    if j == index || offset >= years_of(j) as usize || source_is_copy {
                        continue;
                    }
                    let (source, theirs) = agency_reports(world, j, width, offset as u16 + 1);
                    copy(&source.id, year);
                    theirs[offset].draft.narrative[*section]
                        .clone()
                        .map(|t| t.replace(&source.name, &agency.name))
                }
            };
            generated[k].draft.narrative[*section] = text;
        }
    }
    let mut bytes = 0u64;
    let yaml = agency_yaml(&agency);
    let path = content.join("agencies").join(format!("{}.yaml", agency.id));
    bulk_file(&path, yaml.as_bytes()).map_err(io_err(&path))?;
    bytes += yaml.len() as u64;
    let folder = content.join("reports").join(&agency.id);
    fs::create_dir_all(&folder).map_err(io_err(&folder))?;
    let mut declared = 0;
    for g in &generated {
        declared += usize::from(g.declared);
        let text = write_report_file(&g.draft);
        let path = folder.join(format!("{}.md", g.year));
        bulk_file(&path, text.as_bytes()).map_err(io_err(&path))?;
        bytes += text.len() as u64;
    }
    Ok((bytes, declared, copies))
}

fn report(
    a: &Agency,
    year: u16,
    year_factor: f64,
    mistake: Option<Mistake>,
    carry: &mut Carry,
    rng: &mut Rng,
) -> (Draft, bool) {
    let template = Template::expected_for_year(year).unwrap_or(Template::F2021);
    let def = template.def();
    let first = carry.carried_forward.is_none();
    let mut declarations = Vec::new();
    // A restated 上年结转: the table stays consistent within the year, only the link to last
    // year breaks.
    if let (Some(Mistake::CarryOver), Some(before)) = (mistake, carry.carried_forward.as_mut()) {
        let d = if before[0] > 0 && rng.chance(0.5) {
            -1
        } else {
            rng.range(1, 3)
        };
        let (old_np, old_total) = (before[0], before.iter().sum::<i64>());
        before[0] += d;
        for (column, old) in [("natural_person", old_np), ("total", old_total)] {
            declarations.push(DraftDeclaration {
                rule: "years.carry-over".into(),
                cell: format!("requests.carried_over.{column}"),
                published: Some(Number::int(old + d)),
                expected: Some(Number::int(old)),
                note: Some("合成数据：本机关公布的上年结转与上年报告的结转下年度不一致（synthetic: restated by the agency）".into()),
            });
        }
    }
    let pro = proactive(a, template, carry, first, rng);
    let mut req = requests(a, def, year_factor, carry, rng);
    let mut rev = review(a, req.total("handled_total"), rng);
    let mut facts = Facts::new(a, year, template, &pro, &req, &rev, rng);
    if let Some(m) = mistake.filter(|m| *m != Mistake::CarryOver) {
        declarations = make_mistake(m, def, &mut req, &mut rev, rng);
    }
    let mut draft = Draft::blank(&a.id, year, template);
    draft.title = Some(format!("{}{year}年政府信息公开工作年度报告", a.name));
    let published = published_date(a, year, rng);
    facts.published = published;
    draft.published = published.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
    draft.transcription_note = Some(
        "Synthetic demo data written by gongkai demo: the agency, its numbers and its text are invented.".into(),
    );
    let review_rows = [
        "reconsideration",
        "litigation_direct",
        "litigation_after_review",
    ];
    let mut cells = draft.cells.iter_mut();
    // Only an agency that blanks its zeros can end with every cell blank; keep its values.
    let mut values = Vec::new();
    let mut request_row = 0;
    for section in def.sections {
        for block in section.blocks {
            for row in block.rows {
                for (c, column) in block.columns.iter().enumerate() {
                    let value = match section.id {
                        SectionId::Proactive => pro.value(template, row.key, column.key),
                        SectionId::Requests => Number::int(req.rows[request_row][c]),
                        SectionId::Review => {
                            let r = review_rows.iter().position(|k| *k == row.key).unwrap_or(0);
                            Number::int(rev[r][c])
                        }
                    };
                    let blank = match a.blanks {
                        Blanks::None => false,
                        Blanks::Zeros => value.units == 0,
                        Blanks::TotalColumn => {
                            section.id == SectionId::Requests && column.key == "total"
                        }
                    };
                    if a.blanks == Blanks::Zeros {
                        values.push(value);
                    }
                    if let Some(cell) = cells.next() {
                        cell.value = (!blank).then_some(value);
                    }
                }
                if section.id == SectionId::Requests {
                    request_row += 1;
                }
            }
        }
    }
    // An agency that leaves its zeros blank still prints its tables: a year of nothing but
    // zeros is published as zeros, never as a report with every cell blank (which `check`
    // takes for an untouched skeleton, report.untranscribed).
    if a.blanks == Blanks::Zeros && draft.cells.iter().all(|c| c.value.is_none()) {
        for (cell, value) in draft.cells.iter_mut().zip(values) {
            cell.value = Some(value);
        }
    }
    let has = !declarations.is_empty();
    draft.as_published = declarations;
    draft.narrative = facts.narrative(rng);
    (draft, has)
}

/// Mostly in the last weeks before the deadline, some early, about one in twenty late, and
/// one in a hundred with no date printed.
fn published_date(a: &Agency, year: u16, rng: &mut Rng) -> Option<(u16, u8, u8)> {
    if rng.chance(0.01) {
        return None;
    }
    let due = deadline(year, a.kind, a.level);
    let (month, day) = if rng.chance(0.05) {
        let m = due.month + 1 + rng.below(2) as u8;
        (m, 1 + rng.below(28) as u8)
    } else if due.month == 1 {
        // Skewed towards the end of January.
        let back = (rng.unit() * rng.unit() * 28.0) as u8;
        (1, 31 - back)
    } else if rng.chance(0.35) {
        (2, 1 + rng.below(28) as u8)
    } else {
        (3, 1 + rng.below(31) as u8)
    };
    Some((year + 1, month, day))
}

// ---------------------------------------------------------------------------------------------
// The narrative: a phrase bank with the agency's numbers woven in.

/// The figures a narrative quotes, taken from the table before any published mistake (the
/// agency's text is right where its table is not, as in real reports).
struct Facts<'a> {
    a: &'a Agency,
    year: u16,
    template: Template,
    received: i64,
    carried: i64,
    handled: i64,
    forward: i64,
    granted: i64,
    partly: i64,
    refused: i64,
    unavailable: i64,
    not_processed: i64,
    other: i64,
    natural: i64,
    legal_persons: i64,
    reconsideration: [i64; 5],
    lawsuits: i64,
    lawsuits_corrected: i64,
    issued: i64,
    repealed: i64,
    in_force: i64,
    licensing: i64,
    penalties: i64,
    coercion: i64,
    fee: Number,
    posts: i64,
    interpretations: i64,
    trainings: i64,
    trainees: i64,
    columns: i64,
    followers: i64,
    proposals: i64,
    /// The publication date, for the signature.
    published: Option<(u16, u8, u8)>,
}

impl<'a> Facts<'a> {
    fn new(
        a: &'a Agency,
        year: u16,
        template: Template,
        pro: &Proactive,
        req: &Requests,
        rev: &[[i64; 5]; 3],
        rng: &mut Rng,
    ) -> Facts<'a> {
        let act = a.activity;
        Facts {
            a,
            year,
            template,
            received: req.total("received"),
            carried: req.total("carried_over"),
            handled: req.total("handled_total"),
            forward: req.total("carried_forward"),
            granted: req.total("granted"),
            partly: req.total("partly_granted"),
            refused: req.group("refused_"),
            unavailable: req.group("unavailable_"),
            not_processed: req.group("not_processed_"),
            other: req.group("other_"),
            natural: req.get("received")[0],
            legal_persons: req.total("received") - req.get("received")[0],
            reconsideration: rev[0],
            lawsuits: rev[1][4] + rev[2][4],
            lawsuits_corrected: rev[1][1] + rev[2][1],
            issued: pro.normative[0] + pro.regulations[0],
            repealed: if template == Template::F2021 {
                pro.normative[1] + pro.regulations[1]
            } else {
                0
            },
            in_force: pro.normative[2] + pro.regulations[2],
            licensing: pro.licensing,
            penalties: pro.penalties,
            coercion: pro.coercion,
            fee: decimal(pro.fee_yuan, 4),
            posts: rng.poisson(120.0 * act) + 5,
            interpretations: rng.poisson(4.0 * act),
            trainings: rng.poisson(1.5 * act.sqrt()) + 1,
            trainees: rng.poisson(30.0 * act.sqrt()) + 5,
            columns: rng.range(4, 18),
            followers: rng.poisson(3000.0 * act),
            proposals: rng.poisson(2.0 * act.sqrt()),
            published: None,
        }
    }

    fn domain(&self) -> &'static str {
        match (self.a.dept, self.a.level) {
            (Some(d), _) => d.domain,
            (None, Level::Township) => "乡村振兴、基层治理和民生服务",
            (None, _) => "稳增长、促改革、惠民生和优化营商环境",
        }
    }

    fn narrative(&self, rng: &mut Rng) -> [Option<String>; 6] {
        [
            Some(self.overview(rng)),
            Some(self.proactive_text(rng)),
            Some(self.requests_text(rng)),
            Some(self.review_text(rng)),
            Some(self.problems(rng)),
            Some(self.other(rng)),
        ]
    }

    fn overview(&self, rng: &mut Rng) -> String {
        let (a, y, own, domain) = (self.a, self.year, self.a.own.as_str(), self.domain());
        let mut s = String::with_capacity(3600);
        s.push_str("本报告为合成演示数据，由 gongkai 演示数据生成器按随机种子自动生成，文中机关名称、数字和事例均为虚构，仅用于展示和测试，不代表任何真实机关的工作情况。");
        let _ = match rng.below(3) {
            0 => write!(
                s,
                "{y}年，{}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级关于政务公开工作的部署要求，紧紧围绕{domain}等中心工作，以公开促落实、以公开促规范、以公开促服务，持续提升政务公开标准化规范化水平，切实保障人民群众的知情权、参与权、表达权和监督权。",
                a.name
            ),
            1 => write!(
                s,
                "{y}年，{own}在上级政务公开工作主管部门的指导下，严格执行《中华人民共和国政府信息公开条例》（以下简称《条例》），把政务公开作为推进法治政府建设的重要抓手，聚焦{domain}等社会关注事项，进一步完善工作机制、拓宽公开渠道、强化解读回应，政府信息公开工作取得新的成效。"
            ),
            _ => write!(
                s,
                "{y}年，{}深入贯彻党中央、国务院关于全面推进政务公开的决策部署，落实《中华人民共和国政府信息公开条例》（以下简称《条例》）各项规定，坚持“以公开为常态、不公开为例外”原则，围绕{domain}等重点领域深化公开内容、优化公开方式，政府信息公开工作总体平稳有序。",
                a.name
            ),
        };
        let _ = write!(
            s,
            "全年召开专题会议{}次研究部署政务公开工作，将政务公开与业务工作同谋划、同部署、同推进。",
            self.trainings + 1
        );
        s.push_str("\n\n（一）主动公开情况。");
        let _ = match rng.below(3) {
            0 => write!(
                s,
                "全年通过门户网站、政务新媒体等渠道主动公开政府信息{}条，其中机构职能、政策文件、规划计划类信息{}条，财政预决算及“三公”经费信息{}条，{domain}等重点领域信息{}条。制发规章和规范性文件{}件，均在印发后20个工作日内在门户网站集中公开，并同步做好政策解读，发布解读材料{}篇。",
                self.posts,
                self.posts * 3 / 10,
                self.posts / 10,
                self.posts - self.posts * 3 / 10 - self.posts / 10,
                self.issued,
                self.interpretations
            ),
            1 => write!(
                s,
                "{own}坚持应公开尽公开，{y}年累计主动公开各类政府信息{}条，公开行政许可决定{}件、行政处罚决定{}件，做到“双公示”信息应公开尽公开。围绕群众关心的{domain}等事项，以图文、问答、短视频等形式开展政策解读{}次，及时回应社会关切。",
                self.posts, self.licensing, self.penalties, self.interpretations
            ),
            _ => write!(
                s,
                "本年度共主动公开政府信息{}条。其中，政策文件类{}条，工作动态类{}条，人事、财政、公示公告类{}条。本年度新制发规范性文件{}件，现行有效{}件，均已在政策文件库中集中发布并标注有效性。",
                self.posts,
                self.posts / 5,
                self.posts / 2,
                self.posts - self.posts / 5 - self.posts / 2,
                self.issued,
                self.in_force
            ),
        };
        s.push_str("\n\n（二）依申请公开情况。");
        if self.received + self.carried == 0 {
            let _ = write!(
                s,
                "{y}年{own}未收到政府信息公开申请，也无上年结转的申请。{own}已在门户网站公布政府信息公开指南，明确申请渠道、办理流程和答复时限，并安排专人负责受理登记，确保申请渠道畅通、一旦收到申请能够依法及时办理。"
            );
        } else {
            let _ = match rng.below(2) {
                0 => write!(
                    s,
                    "全年新收政府信息公开申请{}件，上年结转{}件，办结{}件，结转下年度继续办理{}件。在办结的申请中，予以公开{}件，部分公开{}件，不予公开{}件，无法提供{}件，不予处理{}件，其他处理{}件。所有申请均在法定期限内答复，答复文书做到要素齐全、依据充分、救济途径告知到位。",
                    self.received,
                    self.carried,
                    self.handled,
                    self.forward,
                    self.granted,
                    self.partly,
                    self.refused,
                    self.unavailable,
                    self.not_processed,
                    self.other
                ),
                _ => write!(
                    s,
                    "{own}严格按照《条例》规定的程序和时限办理依申请公开事项，{y}年共受理申请{}件（含上年结转{}件），已办结{}件，其中予以公开和部分公开{}件，占办结总数的{}%。对不予公开和无法提供的，均依法说明理由并告知救济途径；对申请内容不明确的，及时一次性告知补正。",
                    self.received + self.carried,
                    self.carried,
                    self.handled,
                    self.granted + self.partly,
                    percent(self.granted + self.partly, self.handled)
                ),
            };
        }
        s.push_str("\n\n（三）政府信息管理情况。");
        let _ = match rng.below(3) {
            0 => write!(
                s,
                "严格落实公文公开属性源头认定机制，拟制公文时同步明确“主动公开”“依申请公开”“不予公开”属性。坚持“先审查、后公开”和“一事一审”原则，全年对拟公开的信息开展保密审查{}次，未发生泄密和不当公开问题。{}",
                self.posts,
                self.cleanup_sentence()
            ),
            1 => write!(
                s,
                "健全政府信息公开审核机制，明确科室初审、办公室复审、分管领导审签的三级审核流程，做到未经审查不公开。动态更新政府信息公开目录和指南，{}",
                self.cleanup_sentence()
            ),
            _ => write!(
                s,
                "加强政府信息的全生命周期管理，对已公开的信息定期开展“回头看”，及时更新过时信息、修正错误链接、撤下到期公示。{}同时做好个人信息保护，对涉及个人隐私的内容依法作去标识化处理。",
                self.cleanup_sentence()
            ),
        };
        s.push_str(&fresh(rng, own, 3));
        s.push_str("\n\n（四）政府信息公开平台建设情况。");
        let _ = write!(
            s,
            "政府信息公开专栏设置{}个一级栏目，政务新媒体账号累计关注{}人。",
            self.columns, self.followers
        );
        s.push_str(&fresh(rng, own, 4));
        s.push_str("\n\n（五）监督保障情况。");
        let _ = write!(
            s,
            "{own}成立由主要负责同志任组长的政务公开工作领导小组，明确分管领导和具体承办人员，把政务公开工作纳入年度目标考核。全年组织政务公开业务培训{}次，参训{}人次。主动接受社会监督，在门户网站公布监督电话，{}本年度未发生因政府信息公开工作被责任追究的情况。",
            self.trainings,
            self.trainees,
            if rng.chance(0.5) {
                "通过社会评议收集意见建议并逐条研究整改，"
            } else {
                "结合工作考核和社会评议结果查找薄弱环节，"
            }
        );
        s.push_str(&fresh(rng, own, 3));
        s
    }

    fn cleanup_sentence(&self) -> String {
        match self.template {
            Template::F2021 => format!(
                "本年度对规范性文件开展清理，废止{}件，现行有效{}件，清理结果已向社会公布。",
                self.repealed, self.in_force
            ),
            Template::F2019 => format!(
                "对已公开的规范性文件进行梳理，对外公开总数量达到{}件。",
                self.in_force
            ),
        }
    }

    fn proactive_text(&self, rng: &mut Rng) -> String {
        let (y, own) = (self.year, self.a.own.as_str());
        let mut s = String::with_capacity(800);
        let _ = match self.template {
            Template::F2021 => write!(
                s,
                "{y}年，{own}制发规章和行政规范性文件{}件，废止{}件，截至12月31日现行有效{}件；作出行政许可决定{}件，行政处罚决定{}件，行政强制决定{}件；行政事业性收费{}万元。",
                self.issued,
                self.repealed,
                self.in_force,
                self.licensing,
                self.penalties,
                self.coercion,
                self.fee
            ),
            Template::F2019 => write!(
                s,
                "{y}年，{own}新制作规章和规范性文件{}件，对外公开总数量{}件；作出行政许可处理决定{}件，行政处罚处理决定{}件，行政强制处理决定{}件。",
                self.issued, self.in_force, self.licensing, self.penalties, self.coercion
            ),
        };
        let _ = match rng.below(2) {
            0 => write!(
                s,
                "围绕{}等重点领域，{own}细化公开清单，及时发布政策文件、办事指南、执法结果和财政资金使用情况，全年在门户网站重点领域专栏更新信息{}条。涉及群众切身利益的事项，在决策前通过门户网站公开征求意见，并在决策后公布意见采纳情况。",
                self.domain(),
                self.posts / 2 + 1
            ),
            _ => write!(
                s,
                "{own}按照“谁制作、谁公开，谁获取、谁公开”的原则，落实重点领域信息公开责任，围绕{}等事项公开信息{}条，办事指南、收费依据和标准、监督投诉渠道均已在门户网站集中公开，便于群众查阅。",
                self.domain(),
                self.posts / 2 + 1
            ),
        };
        s.push_str("\n\n");
        s.push_str(rng.phrase(&[
            "上述数据包括已公开和依法未公开的全部处理决定，核定时间点为报告年度的12月31日，具体见下表。",
            "各项数据由业务科室填报、办公室汇总核对，确保统得出、报得准、可核查，详见下表。",
            "行政许可、行政处罚和行政强制决定均在作出之日起7个工作日内上网公开，具体情况见下表。",
        ]));
        s
    }

    fn requests_text(&self, rng: &mut Rng) -> String {
        let mut s = String::with_capacity(900);
        if self.received + self.carried == 0 {
            let _ = write!(
                s,
                "本年度未收到政府信息公开申请，表中各项均为0。{}已在门户网站政府信息公开专栏公布政府信息公开指南，载明受理机构、通讯地址、联系电话和网上申请渠道，并安排专人每个工作日查看网上申请平台和信函登记情况，确保收到申请后能够及时登记、依法答复。",
                self.a.own
            );
            return s;
        }
        let _ = write!(
            s,
            "本年度新收政府信息公开申请{}件，其中自然人申请{}件，法人或其他组织申请{}件；上年结转{}件。全年办结{}件，结转下年度继续办理{}件。",
            self.received,
            self.natural,
            self.legal_persons,
            self.carried,
            self.handled,
            self.forward
        );
        s.push_str(rng.phrase(&[
            "从申请内容看，主要集中在征地拆迁补偿、行政执法和项目审批等方面。",
            "申请人关注的重点主要是补贴发放、政策执行和信息查询等事项。",
            "申请事项多与群众切身利益相关，部分申请具有重复、批量提交的特点。",
        ]));
        let online = self.received - self.received * rng.range(10, 45) / 100;
        let _ = write!(
            s,
            "\n\n从申请渠道看，通过网络平台提交{}件，当面、信函等方式提交{}件。{}对每件申请实行登记、承办、审核、答复、归档全流程台账管理，平均办理时间约{}个工作日，均在法定期限内作出答复。对需要征求第三方意见的申请，依法书面征求意见并告知申请人，保障各方合法权益。",
            online,
            self.received - online,
            self.a.own,
            rng.range(6, 15)
        );
        s
    }

    fn review_text(&self, rng: &mut Rng) -> String {
        let r = self.reconsideration;
        if r[4] == 0 && self.lawsuits == 0 {
            return format!(
                "本年度未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。{}将继续规范依申请公开办理程序，严格依法答复，从源头上减少复议诉讼风险。",
                self.a.own
            );
        }
        let mut s = String::with_capacity(600);
        let _ = write!(
            s,
            "本年度因政府信息公开工作被申请行政复议{}件，其中结果维持{}件，结果纠正{}件，其他结果{}件，尚未审结{}件；被提起行政诉讼{}件，其中结果纠正{}件。",
            r[4], r[0], r[1], r[2], r[3], self.lawsuits, self.lawsuits_corrected
        );
        s.push_str(if r[1] + self.lawsuits_corrected > 0 {
            "对被纠错的案件，已逐案分析原因，举一反三完善答复工作。"
        } else {
            rng.phrase(&[
                "复议和诉讼案件中未出现被纠错情况。",
                "相关案件均已依法应诉答辩。",
            ])
        });
        s.push_str("下一步将加强对复议诉讼案件的研究分析，把案件办理中发现的问题转化为改进依申请公开工作的具体措施。");
        s
    }

    fn problems(&self, rng: &mut Rng) -> String {
        const BANK: [(&str, &str); 6] = [
            (
                "政策解读形式较为单一，图解、视频等群众喜闻乐见的解读形式运用不够，解读的针对性和实用性有待提高。",
                "下一步将丰富解读形式，推行图表图解、音频视频、新闻发布等多元化解读方式，做到政策文件与解读材料同步组织、同步审签、同步部署。",
            ),
            (
                "部分栏目信息更新不够及时，个别科室报送信息存在滞后现象，信息发布的时效性有待加强。",
                "下一步将落实栏目责任制，建立信息报送定期提醒和通报制度，对更新不及时的栏目限期整改，确保信息发布及时准确。",
            ),
            (
                "依申请公开答复的规范化水平还需提升，个别答复文书对法律依据的引用不够准确、说理不够充分。",
                "下一步将加强答复文书的法制审核，组织学习复议诉讼典型案例，统一答复文书格式，提高依申请公开办理质量。",
            ),
            (
                "工作人员业务能力有待提高，兼职人员较多、流动性较大，对《条例》的理解和把握还不够深入。",
                "下一步将加大业务培训力度，采取集中培训、以会代训等方式，每年至少组织一次专题培训，打造相对稳定的政务公开工作队伍。",
            ),
            (
                "公众参与的渠道和方式还不够多，重大决策预公开和意见征集的覆盖面不广，意见采纳情况反馈不够及时。",
                "下一步将扩大重大决策预公开范围，通过网站、座谈会、问卷调查等多种方式广泛征求意见，并及时公开意见采纳情况。",
            ),
            (
                "基层政务公开标准化规范化建设推进不平衡，部分领域公开事项标准目录的落实还不够到位。",
                "下一步将对照基层政务公开标准目录逐项梳理，健全公开事项动态调整机制，推动公开内容覆盖权力运行全流程和政务服务全过程。",
            ),
        ];
        let first = rng.below(6) as usize;
        let second = (first + 1 + rng.below(5) as usize) % 6;
        let third = (0..6).find(|i| *i != first && *i != second).unwrap_or(0);
        let mut s = String::with_capacity(1600);
        let _ = write!(
            s,
            "（一）上年度问题整改情况。针对上年度报告中指出的信息更新不及时、解读质量不高等问题，{}逐项制定整改措施：一是完善信息发布审核流程，明确各科室信息报送时限；二是开展政策解读质量提升行动，全年发布解读材料{}篇；三是组织业务培训{}次，工作人员的业务能力有所提升。上述问题已基本整改到位。\n\n（二）存在的主要问题及改进措施。{}年，{}政府信息公开工作虽然取得了一定成效，但对照上级要求和人民群众期盼，仍存在一些不足。",
            self.a.own, self.interpretations, self.trainings, self.year, self.a.own
        );
        s.push_str(&fresh(rng, &self.a.own, 2));
        for (n, i) in ["一是", "二是", "三是"].iter().zip([first, second, third]) {
            let (problem, _) = BANK[i];
            let _ = write!(s, "\n\n{n}{problem}下一步将");
            s.push_str(&fresh(rng, &self.a.own, 2));
        }
        let _ = write!(s, "\n\n下一步，{}将围绕{}", self.a.own, self.domain());
        s.push_str(&fresh(rng, &self.a.own, 2));
        s
    }

    fn other(&self, rng: &mut Rng) -> String {
        let own = self.a.own.as_str();
        let mut s = String::with_capacity(900);
        let _ = write!(
            s,
            "{own}依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度未收取信息处理费。"
        );
        if self.proposals > 0 {
            let _ = write!(
                s,
                "本年度承办人大代表建议和政协委员提案{}件，均已按期办结，答复全文依法主动公开。",
                self.proposals
            );
        } else {
            s.push_str("本年度无承办的人大代表建议和政协委员提案。");
        }
        s.push_str(&fresh(rng, own, 3));
        let _ = write!(s, "\n\n{}", self.a.name);
        if let Some((y, m, d)) = self.published {
            let _ = write!(s, "\n\n{y}年{m}月{d}日");
        }
        s
    }
}

fn percent(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        0
    } else {
        (part * 100 + whole / 2) / whole
    }
}

// ---------------------------------------------------------------------------------------------
// Fresh sentences: the part of a synthetic narrative that no other report repeats.

/// Time, adverb, verb, field, object, measure and aim: any choice of one of each reads as a
/// plausible sentence, and two reports share a passage of 20 characters only when several
/// choices in a row agree, which is rare. So a narrative that is not seeded as a copy shares
/// little with any single other report, and one that is seeded shares nearly all.
const WHEN: [&str; 14] = [
    "年初",
    "上半年",
    "下半年",
    "一季度",
    "二季度",
    "三季度",
    "四季度",
    "年内",
    "春节前后",
    "汛期前",
    "年中",
    "岁末",
    "开年",
    "第二季度末",
];
const HOW: [&str; 12] = [
    "进一步",
    "持续",
    "着力",
    "扎实",
    "稳步",
    "切实",
    "全面",
    "不断",
    "积极",
    "大力",
    "认真",
    "系统",
];
const DO: [&str; 12] = [
    "完善", "健全", "规范", "优化", "加强", "强化", "深化", "推进", "落实", "细化", "改进", "梳理",
];
const FIELD: [&str; 16] = [
    "政务公开",
    "信息发布",
    "政策解读",
    "依申请公开",
    "公开目录",
    "保密审查",
    "网站栏目",
    "政务新媒体",
    "基层公开",
    "决策公开",
    "执行公开",
    "结果公开",
    "回应关切",
    "数据开放",
    "公开指南",
    "解读回应",
];
const OBJECT: [&str; 14] = [
    "工作机制",
    "工作流程",
    "制度建设",
    "审核程序",
    "台账管理",
    "责任体系",
    "考核办法",
    "标准规范",
    "队伍建设",
    "督查机制",
    "协调机制",
    "反馈渠道",
    "分工安排",
    "操作细则",
];
const MEASURE: [&str; 14] = [
    "召开推进会",
    "开展专项检查",
    "组织业务培训",
    "印发工作方案",
    "建立工作台账",
    "开展自查自纠",
    "组织交叉检查",
    "开展调研座谈",
    "编印工作手册",
    "开展案例研讨",
    "征集意见建议",
    "开展第三方评估",
    "召开工作例会",
    "组织观摩交流",
];
const AIM: [&str; 14] = [
    "确保信息发布及时准确",
    "推动公开工作提质增效",
    "提升群众获得感和满意度",
    "方便企业群众查询办理",
    "增强政府工作透明度",
    "做到应公开尽公开",
    "保障公众知情权和监督权",
    "形成上下联动的工作格局",
    "夯实政务公开工作基础",
    "促进政策落地见效",
    "实现公开内容动态更新",
    "提高答复工作规范化水平",
    "让公开成为常态",
    "把好信息发布的质量关",
];

fn pick<'s>(rng: &mut Rng, items: &[&'s str]) -> &'s str {
    items[rng.below(items.len() as u64) as usize]
}

/// `n` sentences of fresh text about the agency's work.
fn fresh(rng: &mut Rng, own: &str, n: usize) -> String {
    let mut s = String::with_capacity(n * 60);
    for _ in 0..n {
        let (when, how, act) = (pick(rng, &WHEN), pick(rng, &HOW), pick(rng, &DO));
        let (field, object) = (pick(rng, &FIELD), pick(rng, &OBJECT));
        let (measure, aim) = (pick(rng, &MEASURE), pick(rng, &AIM));
        let times = rng.range(1, 12);
        let _ = match rng.below(5) {
            0 => write!(
                s,
                "{when}，{own}{how}{act}{field}{object}，{measure}{times}次，{aim}。"
            ),
            1 => write!(s, "{when}以来，围绕{field}{how}{act}{object}，{aim}。"),
            2 => write!(
                s,
                "针对{field}方面的短板，{measure}{times}次，{how}{act}{object}，{aim}。"
            ),
            3 => {
                let (field2, object2) = (pick(rng, &FIELD), pick(rng, &OBJECT));
                write!(s, "{how}{act}{field}{object}和{field2}{object2}，{aim}。")
            }
            _ => write!(
                s,
                "{measure}{times}次，{when}{how}{act}{field}{object}，{aim}。"
            ),
        };
    }
    s
}

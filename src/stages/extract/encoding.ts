// Turning bytes into text. Order of evidence: byte-order mark, the HTTP header charset, the
// document's own declaration (<meta charset>, http-equiv, <?xml encoding?>), then sniffing.
// iconv-lite does the decoding: TextDecoder in Node builds without full ICU maps windows-1252 and
// the CJK encodings inconsistently, and WHATWG semantics (gb2312 → gbk, latin1 → windows-1252)
// are what web content expects.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { Sniffer } from 'encoding-sniffer/sniffer';
import { ReadoutError } from '../../domain/errors.js';

export type EncodingSource = 'bom' | 'header' | 'declaration' | 'utf8' | 'sniffed' | 'default';

export interface DecodedText {
  text: string;
  /** The iconv-lite name of the encoding used. */
  encoding: string;
  source: EncodingSource;
  /** Share of characters that could not be decoded (U+FFFD introduced by decoding). */
  errorRate: number;
}

export interface DecodeOptions {
  contentType?: string | null;
  /** Used when nothing declares or reveals the encoding and the bytes are not UTF-8. */
  defaultEncoding?: string;
}

/** WHATWG-style label aliases, mapped to the iconv-lite codec that decodes them best. */
const LABEL_ALIASES: Record<string, string> = {
  'utf8': 'utf-8', 'unicode-1-1-utf-8': 'utf-8', 'utf-8': 'utf-8',
  'us-ascii': 'windows-1252', 'ascii': 'windows-1252', 'iso-8859-1': 'windows-1252', 'iso8859-1': 'windows-1252',
  'latin1': 'windows-1252', 'l1': 'windows-1252', 'cp1252': 'windows-1252', 'x-cp1252': 'windows-1252',
  'iso_8859-1': 'windows-1252', 'cp819': 'windows-1252', 'ibm819': 'windows-1252',
  // gb18030 is a superset of GBK and GB2312; decoding with it loses nothing.
  'gb2312': 'gb18030', 'gbk': 'gb18030', 'x-gbk': 'gb18030', 'cp936': 'gb18030', 'chinese': 'gb18030',
  'csgb2312': 'gb18030', 'euc-cn': 'gb18030', 'gb_2312-80': 'gb18030', 'gb18030': 'gb18030',
  'big5': 'big5hkscs', 'big5-hkscs': 'big5hkscs', 'cn-big5': 'big5hkscs', 'x-x-big5': 'big5hkscs', 'csbig5': 'big5hkscs',
  'shift_jis': 'shift_jis', 'shift-jis': 'shift_jis', 'sjis': 'shift_jis', 'x-sjis': 'shift_jis', 'ms_kanji': 'shift_jis',
  'windows-31j': 'shift_jis', 'cp932': 'shift_jis', 'csshiftjis': 'shift_jis',
  'euc-kr': 'euc-kr', 'ks_c_5601-1987': 'euc-kr', 'windows-949': 'euc-kr', 'cp949': 'euc-kr', 'korean': 'euc-kr',
  'euc-jp': 'euc-jp', 'x-euc-jp': 'euc-jp',
  'utf-16': 'utf-16le', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be', 'ucs-2': 'utf-16le',
  'utf-32': 'utf-32le', 'utf-32le': 'utf-32le', 'utf-32be': 'utf-32be',
};

/** Map a charset label to an iconv-lite codec name, or null when unknown. */
export function normaliseCharsetLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  const clean = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!clean) return null;
  const mapped = LABEL_ALIASES[clean];
  if (mapped) return mapped;
  return iconv.encodingExists(clean) ? clean : null;
}

/** The charset parameter of a Content-Type header value, if any. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m?.[2] ?? null;
}

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { encoding: 'utf-32le', length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  // No BOM, but an XML document must start with "<": its byte pattern reveals UTF-16/32 (XML 1.0 Appendix F).
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return { encoding: 'utf-32be', length: 0 };
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return { encoding: 'utf-32le', length: 0 };
  if (a === 0 && b === 0x3c && c === 0 && d !== undefined) return { encoding: 'utf-16be', length: 0 };
  if (a === 0x3c && b === 0 && c !== undefined && c !== 0 && d === 0) return { encoding: 'utf-16le', length: 0 };
  return null;
}

/** True when the bytes are well-formed UTF-8 (pure ASCII included). Native check in node:buffer. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

function declaredEncoding(bytes: Uint8Array): string | null {
  // encoding-sniffer implements the WHATWG prescan (meta charset, http-equiv) and the XML declaration.
  const sniffer = new Sniffer({ maxBytes: 4096, defaultEncoding: 'x-undeclared' });
  sniffer.write(bytes.subarray(0, 4096));
  // ResultType: 0 BOM, 1 PASSED, 2 XML_PREFIX, 3 META_TAG, 4 XML_ENCODING, 5 DEFAULT
  if (sniffer.resultType === 3 || sniffer.resultType === 4 || sniffer.resultType === 2) return sniffer.encoding;
  return null;
}

// Statistical sniffing for undeclared legacy CJK text: the right codec turns the bytes into
// very frequent characters of its language; wrong codecs produce rare characters or errors.
// These are the commonest characters of each written language (a decoding aid, not domain data).
const FREQUENT: Record<string, string> = {
  'gb18030': '的是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穷讨诗'
    + '们这国说时会对发过后经还进现样两关点业将间问种实战头电从们么为',
  'big5hkscs': '的是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文體政美相見被利什二等產或新己制身果加西斯月話合回特代內信表化老給世位次度門任常先海通教兒原東聲提立及比員解水名真論處走義各入幾口認條平系氣題活爾更別打女變四神總何電數安少報才結反受目太量再感建務做接必場件計管期市直德資命山金指克許統區保至隊形社便空決治展馬科司五基眼書非則聽白卻界達光放強即像難且權思王象完設式色路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識候帶導爭運笑飛風步改收根幹造言聯持組每濟車親極林服快辦議往元英士證近失轉夫令準布始怎呢存未遠叫台單影具羅字愛擊流備兵連調深商算質團集百需價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容照須九增研寫稱企八功嗎包片史委乎查輕易早曾除農找裝廣顯吧阿李標談吃圖念六引歷首醫局突專費號盡另周較注語僅考落青隨選列武紅響雖推勢參希古眾構房半節土投某案黑維革劃敵致陳律足態護七興派孩驗責營星夠章音跟志底站嚴巴例防族供效續施留講型料終答緊黃絕奇察母京段依批群項故按河米圍江織害鬥雙境客紀採舉殺攻父蘇密低朝友訴止細願千值仍男錢破網熱助倒育屬坐帝限船臉職速刻樂否剛威毛狀率甚獨球般普怕彈校苦創假久錯承印晚蘭試股拿腦預誰益陽若哪微尼繼送急血驚傷素藥適波夜省初喜衛源食險待述陸習置居勞財環排福納歡雷警獲模充負雲停木遊龍樹疑層冷洲衝射略範竟句室異激漢村哈策演簡卡罪判擔州靜退既衣您宗積餘痛檢差富靈協角佔配徵修皮揮勝降階審沉堅善媽劉讀啊超免壓銀買皇養伊懷執副亂抗犯追幫宣佛歲航優怪香著田鐵控稅左右份窮討詩',
  'shift_jis': 'のにはをたがでてとしれさあいうえおかきくけこすせそちつなねまみむめもやゆよらりるろわんアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン日本人年月時大中国会社',
  'euc-jp': 'のにはをたがでてとしれさあいうえおかきくけこすせそちつなねまみむめもやゆよらりるろわんアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン日本人年月時大中国会社',
  'euc-kr': '이다의는에하고을가한서로기지를도사대자리정인일으시수있게주나우전아회상적해국부장어그제국들면것같보요라되도니만선결과관경방문소화중동원세',
};
const FREQUENT_SETS: Record<string, Set<string>> = Object.fromEntries(
  Object.entries(FREQUENT).map(([k, v]) => [k, new Set(Array.from(v))]),
);

function decodeWith(bytes: Uint8Array, encoding: string): { text: string; errors: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Node's own UTF-8 decoder is several times faster than iconv-lite's and gives the same result.
  const text = encoding === 'utf-8' ? buf.toString('utf8') : iconv.decode(buf, encoding);
  // indexOf is native; a per-character loop over a 200 KB page costs more than the decoding.
  let errors = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) errors++;
  return { text, errors };
}

function sniffLegacy(bytes: Uint8Array, fallback: string): { encoding: string; text: string; errors: number } {
  const sample = bytes.subarray(0, 64 * 1024);
  let best: { encoding: string; score: number } | null = null;
  for (const enc of Object.keys(FREQUENT)) {
    const { text, errors } = decodeWith(sample, enc);
    let nonAscii = 0;
    let frequent = 0;
    const set = FREQUENT_SETS[enc]!;
    for (const ch of text) {
      if (ch.charCodeAt(0) < 0x80) continue;
      nonAscii++;
      if (set.has(ch)) frequent++;
    }
    if (nonAscii === 0) continue;
    // Errors weigh heavily: the right codec almost never produces them on real text.
    const score = (frequent - errors * 4) / nonAscii;
    if (score > 0.15 && (!best || score > best.score)) best = { encoding: enc, score };
  }
  const encoding = best?.encoding ?? fallback;
  const { text, errors } = decodeWith(bytes, encoding);
  return { encoding, text, errors };
}

/**
 * Decode bytes to a string following the evidence order above. Throws E_ENCODING when the
 * declared or sniffed encoding leaves most of the text undecodable.
 */
export function decodeBytes(bytes: Uint8Array, options: DecodeOptions = {}): DecodedText {
  const finish = (text: string, encoding: string, source: EncodingSource, errors: number): DecodedText => {
    const errorRate = text.length === 0 ? 0 : errors / text.length;
    if (errorRate > 0.2 && text.length > 16) {
      throw new ReadoutError('E_ENCODING', `the input does not decode as ${encoding} (${Math.round(errorRate * 100)}% of characters invalid); pass the right charset in the Content-Type or convert the file to UTF-8`);
    }
    return { text, encoding, source, errorRate };
  };

  const bom = bomEncoding(bytes);
  if (bom) {
    const { text, errors } = decodeWith(bytes.subarray(bom.length), bom.encoding);
    return finish(text, bom.encoding, 'bom', errors);
  }
  const header = normaliseCharsetLabel(charsetFromContentType(options.contentType));
  if (header) {
    // A header that claims UTF-8 over bytes that are not UTF-8 is a common server mistake;
    // the document's own declaration is then the better witness.
    if (!(header === 'utf-8' && !isValidUtf8(bytes.subarray(0, 256 * 1024)))) {
      const { text, errors } = decodeWith(bytes, header);
      return finish(text, header, 'header', errors);
    }
  }
  const declared = normaliseCharsetLabel(declaredEncoding(bytes));
  const utf8 = isValidUtf8(bytes);
  if (declared && !declared.startsWith('utf-16') && !declared.startsWith('utf-32')) {
    // Files re-saved as UTF-8 often keep their old legacy declaration. Legacy multi-byte text is
    // almost never valid UTF-8 by accident, so valid UTF-8 with non-ASCII bytes wins.
    const utf8Evident = utf8 && declared !== 'utf-8' && hasNonAscii(bytes);
    if (!utf8Evident && !(declared === 'utf-8' && !utf8)) {
      const { text, errors } = decodeWith(bytes, declared);
      return finish(text, declared, 'declaration', errors);
    }
  }
  if (utf8) {
    return finish(decodeWith(bytes, 'utf-8').text, 'utf-8', 'utf8', 0);
  }
  const fallback = normaliseCharsetLabel(options.defaultEncoding) ?? 'windows-1252';
  const sniffed = sniffLegacy(bytes, fallback);
  return finish(sniffed.text, sniffed.encoding, sniffed.encoding === fallback ? 'default' : 'sniffed', sniffed.errors);
}

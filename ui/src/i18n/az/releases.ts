// Buraxılışlar jurnalı (saxlanılan hər hesabat və yazılan hər CTDC faylı; növbəti hesabatlar
// onlarla birlikdə yoxlanılır) və CTDC mikroməlumatlarının ixracı.
export const releases = {
  // Hesabatın cədvəllərinin yanındakı qeyd.
  "releases.note":
    "Əvvəlki buraxılışları qorumaq üçün gizlədilib: {cells}. Hesabat özündən əvvəlki buraxılışlarla ({releases}) birlikdə yoxlanılıb: artıq buraxılmış hesabatlarla birlikdə bu rəqəmlər kiçik sayları hesablamağa imkan verərdi. Onlar digər gizlədilmiş rəqəmlər kimi «c» ilə işarələnib.",
  "releases.note.cells.one": "{count} xana",
  "releases.note.cells.few": "{count} xana",
  "releases.note.cells.many": "{count} xana",
  "releases.note.cells.other": "{count} xana",
  "releases.note.releases.one": "{count} buraxılış",
  "releases.note.releases.few": "{count} buraxılış",
  "releases.note.releases.many": "{count} buraxılış",
  "releases.note.releases.other": "{count} buraxılış",

  // Jurnal.
  "releases.title": "Əvvəlki buraxılışlar",
  "releases.intro":
    "Saxlanılan hər hesabat və yazılan hər CTDC faylı buraxılışdır: o, bu kompüterdən çıxıb. Hər yeni hesabat bunlarla birlikdə yoxlanılır və hesabatları müqayisə etməklə kiçik bir sayı hesablamağa imkan verən xanalar gizlədilir. İlkin baxış buraxılış sayılmır.",
  "releases.introConsolidated":
    "Saxlanılan hər birləşdirilmiş hesabat buraxılışdır. Hər yeni birləşdirilmiş hesabat bunlarla birlikdə yoxlanılır və onları müqayisə etməklə kiçik bir sayı hesablamağa imkan verən xanalar gizlədilir. İlkin baxış buraxılış sayılmır.",
  "releases.loading": "Buraxılışlar oxunur…",
  "releases.loadFailed": "Buraxılışları oxumaq mümkün olmadı: {message}",
  "releases.empty": "Hələ heç nə buraxılmayıb: heç bir hesabat saxlanılmayıb, heç bir CTDC faylı yazılmayıb.",
  "releases.emptyConsolidated": "Hələ heç bir birləşdirilmiş hesabat saxlanılmayıb.",
  "releases.caption": "Buraxılışlar, əvvəlcə yeniləri",
  "releases.col.id": "№",
  "releases.col.period": "Dövr",
  "releases.col.kind": "Nə",
  "releases.col.k": "k",
  "releases.col.published": "Dərc edilib",
  "releases.col.withheld": "Gizlədilib",
  "releases.col.released": "Buraxılıb",
  "releases.col.state": "Yoxlama",
  "releases.col.actions": "Əməliyyatlar",
  "releases.kind.indicators": "Göstəricilər hesabatı",
  "releases.kind.consolidated": "Birləşdirilmiş hesabat",
  "releases.kind.ctdc": "CTDC mikroməlumatları",
  "releases.kindFormat": "{kind}, {format}",
  "releases.cells.one": "{count} xana",
  "releases.cells.few": "{count} xana",
  "releases.cells.many": "{count} xana",
  "releases.cells.other": "{count} xana",
  "releases.rows.one": "{count} sətir",
  "releases.rows.few": "{count} sətir",
  "releases.rows.many": "{count} sətir",
  "releases.rows.other": "{count} sətir",
  "releases.withheldEarlier": "onlardan əvvəlki buraxılışları qorumaq üçün: {earlier}",
  "releases.releasedBy": "istifadəçi: {user}",
  "releases.binding": "Yoxlamadadır",
  "releases.retiredShort": "Çıxarılıb",
  "releases.retiredState": "{time}, istifadəçi {user}: {reason}",

  // Buraxılışı yoxlamadan çıxarmaq (administratorlar).
  "releases.retire": "Yoxlamadan çıxar",
  "releases.retireFor": "{id} nömrəli buraxılışı yoxlamadan çıxar",
  "releases.retireQuestion":
    "{id} nömrəli buraxılış ({period}) yoxlamadan çıxarılsın? Bundan sonra yeni hesabatlar onunla yoxlanılmayacaq və onunla birlikdə kiçik sayları aşkar edə bilər. Bunu yalnız buraxılış heç kimə çatmayıbsa və ya hər yerdən geri çağırılıbsa edin. O, adınız və səbəblə birlikdə siyahıda qalır.",
  "releases.reason": "Niyə artıq qorunmağa ehtiyac yoxdur",
  "releases.reasonHint": "Məcburidir, ən çoxu 500 simvol; jurnalda saxlanılır və burada göstərilir. Məsələn: dərcdən əvvəl geri çağırılıb.",
  "releases.retireConfirm": "{id} nömrəli buraxılışı çıxar",
  "releases.retiring": "Çıxarılır…",
  "releases.retired": "{id} nömrəli buraxılış yoxlamadan çıxarıldı.",

  // İdarəetmə → Buraxılışlar.
  "releases.open": "Buraxılışlar",
  "releases.screenTitle": "Buraxılışlar",
  "releases.screenIntro":
    "Bu seyfdən çıxan hesabatlar və fayllar, əvvəlcə yeniləri. Hər yeni hesabat onlarla birlikdə yoxlanılır. Buraxılış heç kimə çatmayıbsa və ya geri çağırılıbsa, administrator səbəbini yazaraq onu yoxlamadan çıxara bilər.",

  // Sahələr üzrə xətalar.
  "releases.error.reason": "Bu buraxılışın niyə artıq qorunmağa ehtiyacı olmadığını ən çoxu 500 simvolla yazın.",
  "releases.error.release": "Bu buraxılışı yoxlamadan çıxarmaq olmur: o, jurnalda yoxdur və ya artıq çıxarılıb.",
  "releases.error.report":
    "Bu ilkin baxışdan sonra başqa bir hesabat buraxılıb və ya çıxarılıb. İlkin baxışı yenidən göstərin ki, hesabat bütün buraxılışlarla yoxlanılsın, sonra onu saxlayın.",
  "releases.error.minK": "1 ilə 100 arasında tam ədəd daxil edin.",
  "releases.error.from": "Tarixi il-ay-gün şəklində daxil edin, məsələn, 2024-01-31.",
  "releases.error.to": "Tarixi il-ay-gün şəklində daxil edin; son gün ilk gündən əvvəl ola bilməz.",

  // CTDC mikroməlumatlarının ixracı.
  "ctdc.title": "CTDC mikroməlumatları",
  "ctdc.intro":
    "Dövr ərzində burada müəyyən edilmiş hər iş üçün bir sətir, Counter Trafficking Data Collaborative-in qlobal məlumat dəstinin sütunlarında: nə ad, nə kod, nə təşkilat, nə qeyd, nə də ildən dəqiq tarix. İl, cins, yaş, yetkinlik, vətəndaşlıq və istismar ölkəsinin hər birləşməsi ən azı k dəfə rast gəlinir: əvvəlcə təfərrüatlar ümumiləşdirilir, sonra hələ də nadir qalan sətirlər çıxarılır.",
  "ctdc.from": "İlk gün",
  "ctdc.to": "Son gün",
  "ctdc.minK": "Ən kiçik qrup (k)",
  "ctdc.minKHint": "Fayldakı hər birləşmə ən azı k dəfə rast gəlinir. İcazə verilən: {lowest} ilə {highest} arası; seyfin standart dəyəri {default}.",
  "ctdc.preview": "İxraca ilkin baxış",
  "ctdc.previewing": "Sayılır…",
  "ctdc.export": "CSV-yə ixrac et…",
  "ctdc.exporting": "Yazılır…",
  "ctdc.exportHint":
    "Əvvəlcə ilkin baxış edin. İxrac seçdiyiniz CSV faylını və onun yanında faylın necə qorunduğunu bildirən metaməlumat faylını (AD.meta.json) yazır. Hər ikisi bu kompüterdən çıxmaq üçündür: ixrac buraxılış kimi qeyd olunur.",
  "ctdc.stale": "Dövr və ya k dəyişib. İxracdan əvvəl ilkin baxışı təkrarlayın.",
  "ctdc.resultCaption": "Faylda nə olacaq",
  "ctdc.rowsCounted": "Dövrdə müəyyən edilmiş işlər",
  "ctdc.rowsWritten": "Yazılan sətirlər",
  "ctdc.rowsSuppressed": "Çıxarılan sətirlər (ümumiləşdirmədən sonra da nadirdir)",
  "ctdc.level": "Çatılan ümumiləşdirmə",
  "ctdc.levelValue": "5 addımdan {level}-ci",
  "ctdc.generalized": "Daha az təfərrüatla göstərilir",
  "ctdc.noGeneralization": "Heç nə: hər sütun tam təfərrüatını saxlayır.",
  "ctdc.gen.ageBroad.majority_status_only": "Yaş: yaş qrupu olmadan, yalnız yetkin və ya azyaşlı",
  "ctdc.gen.citizenship.m49_sub_region": "Vətəndaşlıq: ölkə əvəzinə BMT subregionu",
  "ctdc.gen.citizenship.m49_region": "Vətəndaşlıq: ölkə əvəzinə BMT regionu",
  "ctdc.gen.CountryOfExploitation.m49_sub_region": "İstismar ölkəsi: ölkə əvəzinə BMT subregionu",
  "ctdc.gen.CountryOfExploitation.m49_region": "İstismar ölkəsi: ölkə əvəzinə BMT regionu",
  "ctdc.gen.other": "{column}: {to}",
  "ctdc.nothingWritten": "Bu k ilə heç bir birləşmə kifayət qədər tez-tez rast gəlinmir: faylda yalnız sütun adları olacaq.",
  "ctdc.exactSmallCounts": "k 5-dən kiçik olduqda fayl kiçik insan qruplarını ayırd edə bilər və metaməlumatı bunu bildirir.",
  "ctdc.filter": "CSV faylı",
  "ctdc.exported": "Saxlanıldı: {name} ({rows}), yanında isə {metadata}. {release} nömrəli buraxılış kimi qeyd olundu.",

  // Audit jurnalında bu əməliyyatların adları.
  "audit.action.export.ctdc": "CTDC mikroməlumatları ixrac edilib",
  "audit.action.report.release.retire": "Buraxılış yoxlamadan çıxarılıb",
} as const;

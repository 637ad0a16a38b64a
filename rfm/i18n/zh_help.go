package i18n

// The help: every command's short and long text and examples, every flag's
// usage, cobra's help and completion commands, the usage headings and the
// errors of cobra and pflag (cmd/rfm/lang.go). A help text's key is its
// English text exactly; localize in cmd/rfm looks each one up.
//
// Placeholders in backquotes name a flag's value in the list of flags
// (--keep 列名列表); pflag shows them without the quotes.
var zhHelp = map[string]string{

	// rfm
	"RFM customer scoring and segmentation from transaction exports": "根据交易明细导出文件为客户做 RFM 评分和分层",
	"rfm reads a transaction export (CSV or XLSX, English or Chinese headers,\n" +
		"UTF-8 or GBK) and gives every customer recency, frequency and monetary value,\n" +
		"1–5 scores, one of eight RFM classes (重要价值客户 … 一般挽留客户) and an A/B/C tier.\n" +
		"\n" +
		"Exit status: 0 success, 1 failure (bad input, I/O error), 2 usage error,\n" +
		"3 done with a warning that changes what was published (printed even with\n" +
		"--quiet).": "rfm 读取交易明细导出文件（CSV 或 XLSX，中文或英文表头，UTF-8 或 GBK 编码），\n" +
		"为每位客户计算 R（最近一次购买距今天数）、F（购买次数）和 M（消费金额），\n" +
		"给出 1–5 分的评分、八种 RFM 客户类别之一（重要价值客户 … 一般挽留客户）\n" +
		"和 A/B/C 等级。\n" +
		"\n" +
		"退出状态：0 成功；1 失败（输入有误、读写错误）；2 用法错误；3 已完成，\n" +
		"但有改变发布内容的警告（即使指定 --quiet 也会输出）。",
	"language of the interface and the reports, and of class names: zh or en (default: the locale's language for the interface, Chinese class names)": "界面、报告和客户类别名称的语言：zh 或 en（默认：\n" +
		"界面用系统区域设置的语言，客户类别名称用中文）",

	// rfm clv
	"Forecast customer lifetime value and flag likely-lost customers (BG/NBD and others, Gamma-Gamma)": "预测客户终身价值（CLV），标出可能流失的客户（BG/NBD 等及 Gamma-Gamma）",
	"Clv fits a model of repeat purchases (BG/NBD unless --model names\n" +
		"another) and the Gamma-Gamma model of spend per purchase to the\n" +
		"transactions up to the calibration end, then gives\n" +
		"every customer P(alive), the purchases and average spend expected over the\n" +
		"horizon, the lifetime value over it (discounted per unit, times the margin)\n" +
		"and a churn-risk flag: a high past value with a low P(alive).\n" +
		"\n" +
		"The models count purchase days, not orders: x is the number of days with a\n" +
		"purchase after the first, t_x the time from the first to the last, T from\n" +
		"the first to the calibration end, in weeks (--unit week) or days; zero-amount\n" +
		"rows count as purchases, negative rows are left out; m̄ is the mean spend of\n" +
		"the repeat days. Gamma-Gamma is fitted on customers with x > 0 and m̄ > 0.\n" +
		"\n" +
		"Without -o it prints the fitted models and a forecast summary; -o FILE.csv\n" +
		"writes one row per customer (-o - to stdout), -o FILE.xlsx a workbook with\n" +
		"the customers, the models, the churn-risk list and, with --holdout-end, the\n" +
		"validation tables with charts, -o FILE.html a one-file report of the fit and\n" +
		"the forecast (and the holdout charts); --json prints the fit as JSON.\n" +
		"--holdout-end compares the forecast for the days after the calibration end\n" +
		"with what happened, by calibration frequency and week by week.\n" +
		"\n" +
		"--model chooses the purchase model: bgnbd (default), pareto-nbd, mbgnbd,\n" +
		"or bgbb, the discrete-time BG/BB, which cuts time into periods of one\n" +
		"--unit ending on the calibration end and counts the periods with a\n" +
		"purchase. --compare fits bgnbd, pareto-nbd and mbgnbd to the same summary\n" +
		"and prints their log-likelihood, AIC, BIC and, with --holdout-end, the\n" +
		"holdout errors side by side, marking the lowest BIC. --intervals N adds 90%\n" +
		"intervals of each customer's expected purchases and CLV from N bootstrap\n" +
		"refits (customers drawn with replacement; --seed makes them reproducible).\n" +
		"\n" +
		"When a fit does not converge, clv says what to try and exits 1.\n" +
		"\n" +
		"Exit status: 0 success, 1 failure (bad input, a fit that did not converge,\n" +
		"I/O error), 2 usage error, 3 done but bytes of the input that are not text\n" +
		"became U+FFFD (printed even with --quiet).": "rfm clv 用截至校准期末的交易拟合一个复购模型（默认 BG/NBD，可用 --model 另选）\n" +
		"和每次购买消费额的 Gamma-Gamma 模型，然后为每位客户给出存活概率、预测期内预期的\n" +
		"购买次数和平均消费额、预测期内的客户终身价值（按时间单位折现并乘以利润率），\n" +
		"以及流失风险标记：历史消费额高而存活概率低。\n" +
		"\n" +
		"模型按购买天数而不是订单计数：x 是首次购买之后有购买的天数，t_x 是首次到最\n" +
		"后一次购买的时间，T 是首次购买到校准期末的时间，单位为周（--unit week）\n" +
		"或天；金额为零的行算作购买，负金额的行不计入；m̄ 是复购日的平均消费额。\n" +
		"Gamma-Gamma 模型只用 x > 0 且 m̄ > 0 的客户拟合。\n" +
		"\n" +
		"不指定 -o 时输出拟合的模型和预测汇总；-o FILE.csv 每位客户写一行（-o - 写\n" +
		"到标准输出），-o FILE.xlsx 写工作簿，含客户、模型、流失风险名单，\n" +
		"指定 --holdout-end 时还有带图表的验证表；-o FILE.html 写模型拟合和预测的\n" +
		"单文件报告（以及验证期图表）；--json 把拟合结果输出为 JSON。\n" +
		"--holdout-end 把校准期末之后各天的预测与实际情况比较，按校准期购买次数分组，\n" +
		"并逐周比较。\n" +
		"\n" +
		"--model 选择复购模型：bgnbd（默认）、pareto-nbd、mbgnbd 或 bgbb。bgbb 即离散时\n" +
		"间的 BG/BB 模型，它把时间切成以校准期末为终点、长为一个 --unit 的时段，\n" +
		"统计有购买的时段数。--compare 用同一份汇总拟合 bgnbd、pareto-nbd 和 mbgnbd，\n" +
		"并排列出它们的对数似然、AIC、BIC，以及指定 --holdout-end 时的验证期误差，\n" +
		"并标出 BIC 最低者。--intervals N 用 N 次自助法（bootstrap）重新拟合（有放回地抽\n" +
		"取客户；--seed 使结果可复现），为每位客户的预期购买次数和 CLV 给出 90% 区间。\n" +
		"\n" +
		"模型拟合未收敛时，rfm clv 会给出可尝试的办法，并以状态 1 退出。\n" +
		"\n" +
		"退出状态：0 成功；1 失败（输入有误、模型拟合未收敛、读写错误）；2 用法错误；\n" +
		"3 已完成，但输入中有非文本的字节变成了 U+FFFD（即使指定 --quiet 也会输出）。",
	"  rfm clv orders.csv\n" +
		"  rfm clv orders.csv --calibration-end 2024-03-31 --horizon 12m -o clv.csv\n" +
		"  rfm clv orders.csv --calibration-end 2024-03-31 --holdout-end 2024-06-30 -o clv.xlsx\n" +
		"  rfm clv orders.csv --unit day --horizon 365d --discount-rate 0.0003 --json\n" +
		"  rfm clv orders.csv --calibration-end 2024-03-31 --holdout-end 2024-06-30 --compare\n" +
		"  rfm clv orders.csv --model pareto-nbd --intervals 200 --seed 7 -o clv.csv\n" +
		"  rfm clv CDNOW_sample.txt --no-header --columns master,customer_id,order_date,cds,amount \\\n" +
		"      --delimiter whitespace --calibration-end 1997-09-30 --holdout-end 1998-06-30": "  rfm clv orders.csv\n" +
		"  rfm clv orders.csv --calibration-end 2024-03-31 --horizon 12m -o clv.csv\n" +
		"  rfm clv orders.csv --calibration-end 2024-03-31 --holdout-end 2024-06-30 -o clv.xlsx\n" +
		"  rfm clv orders.csv --unit day --horizon 365d --discount-rate 0.0003 --json\n" +
		"  rfm clv orders.csv --calibration-end 2024-03-31 --holdout-end 2024-06-30 --compare\n" +
		"  rfm clv orders.csv --model pareto-nbd --intervals 200 --seed 7 -o clv.csv\n" +
		"  rfm clv CDNOW_sample.txt --no-header --columns master,customer_id,order_date,cds,amount \\\n" +
		"      --delimiter whitespace --calibration-end 1997-09-30 --holdout-end 1998-06-30",
	"amount `column`": "金额所在的`列名`",
	"fit on rows up to `YYYY-MM-DD` (default: the latest used row)": "用截至 `YYYY-MM-DD` 的行拟合（默认：\n" +
		"使用的行中最晚的日期）",
	"churn risk: past value at or above this `amount` (instead of the quantile)": "流失风险：历史消费额不低于\n" +
		"此`金额`（代替分位数）",
	"churn risk: P(alive) below this": "流失风险：存活概率低于此值",
	"churn risk: past value at or above this quantile of all customers'": "流失风险：历史消费额不低于全体客户\n" +
		"历史消费额的此分位数",
	"with --no-header: the `names` of the columns, in order": "配合 --no-header：按顺序给出各列的`列名列表`",
	"fit bgnbd, pareto-nbd and mbgnbd and compare log-likelihood, AIC, BIC and holdout errors": "拟合 bgnbd、pareto-nbd 和 mbgnbd，\n" +
		"比较对数似然、AIC、BIC 和验证期误差",
	"customer id `column` (default: recognised header)": "客户ID所在的`列名`（默认：按表头识别）",
	"order date `column`":                               "订单日期所在的`列名`",
	"how to read a/b/y dates: auto, mdy or dmy": "a/b/y 形式日期的读法：\n" +
		"auto（自动）、mdy（月/日/年）\n" +
		"或 dmy（日/月/年）",
	"read amounts as 1.234,50":                            "按 1.234,50 的形式读取金额",
	"drop rows whose every field equals an earlier row's": "去掉每个字段都与前面某行相同的行",
	"CSV delimiter: , ; tab | or whitespace (default: detected)": "CSV 分隔符：, ; tab | 或\n" +
		"whitespace（空白）（默认：自动检测）",
	"discount rate per unit of time": "每个时间单位的折现率",
	"CSV encoding: utf-8, gbk or gb18030 (default: detected)": "CSV 编码：utf-8、gbk 或\n" +
		"gb18030（默认：自动检测）",
	"compare the forecast with the rows after the calibration end up to `YYYY-MM-DD`": "把预测与校准期末之后、\n" +
		"截至 `YYYY-MM-DD` 的行比较",
	"forecast horizon: `N` followed by w (weeks), m (months), d (days) or y (years)": "预测期：`N` 后接 w（周）、m（月）、d（天）\n" +
		"或 y（年）",
	"90% intervals of expected purchases and CLV from `N` bootstrap refits": "用 `N` 次自助法（bootstrap）重新拟合，\n" +
		"给出预期购买次数和 CLV 的 90% 区间",
	"print the fitted models as JSON": "以 JSON 输出拟合的模型",
	"profit margin: the share of spend the CLV counts": "利润率：消费额中计入\n" +
		"CLV 的比例",
	"purchase model: bgnbd, pareto-nbd, mbgnbd, or bgbb (periods of one --unit)": "复购模型：bgnbd、pareto-nbd、\n" +
		"mbgnbd 或 bgbb（时段长为一个\n" +
		"--unit）",
	"the CSV file has no header row; name its columns with --columns": "CSV 文件没有表头行；用 --columns 给各列命名",
	"write customers to `FILE` (.csv or .xlsx; .html for the report; - for CSV on stdout)": "把客户写到 `FILE`（.csv 或 .xlsx；.html 为\n" +
		"报告；- 表示把 CSV 写到标准输出）",
	"L2 penalty on the parameters, e.g. 0.001 when a fit does not converge": "参数的 L2 惩罚项，例如模型拟合\n" +
		"不收敛时用 0.001",
	"unit price `column`": "单价所在的`列名`",
	"quantity `column` (amount = quantity × unit price)": "数量所在的`列名`（金额 = 数量 × 单价）",
	"print only errors on stderr":                        "标准错误只输出错误",
	"write rejected rows to `FILE` (original fields + line + reason)": "把剔除的行写到 `FILE`\n" +
		"（原始字段 + 行号 + 原因）",
	"random seed of --intervals":                       "--intervals 的随机数种子",
	"XLSX sheet `name or number` (default: the first)": "XLSX 工作表的`名称或序号`（默认：第一张）",
	"stop at the first bad row (exit 1)":               "遇到第一个有问题的行即停止（退出状态 1）",
	"model time unit: week or day": "模型的时间单位：week（周）\n" +
		"或 day（天）",
	"keep only rows whose `COL=V1,V2` (repeatable; all must hold)": "只保留 `COL=V1,V2` 的行（可重复；\n" +
		"须全部满足）",
	"drop rows whose `COL=V1,V2` (repeatable)": "去掉 `COL=V1,V2` 的行（可重复）",

	// rfm completion
	"Generate the autocompletion script for the specified shell": "为指定的 shell 生成自动补全脚本",
	"Generate the autocompletion script for rfm for the specified shell.\n" +
		"See each sub-command's help for details on how to use the generated script.\n": "为指定的 shell 生成 rfm 的自动补全脚本。\n" +
		"生成的脚本如何使用，请看各子命令的帮助。\n",

	// rfm completion bash
	"Generate the autocompletion script for bash": "生成 bash 的自动补全脚本",
	"Generate the autocompletion script for the bash shell.\n" +
		"\n" +
		"This script depends on the 'bash-completion' package.\n" +
		"If it is not installed already, you can install it via your OS's package manager.\n" +
		"\n" +
		"To load completions in your current shell session:\n" +
		"\n" +
		"\tsource <(rfm completion bash)\n" +
		"\n" +
		"To load completions for every new session, execute once:\n" +
		"\n" +
		"#### Linux:\n" +
		"\n" +
		"\trfm completion bash > /etc/bash_completion.d/rfm\n" +
		"\n" +
		"#### macOS:\n" +
		"\n" +
		"\trfm completion bash > $(brew --prefix)/etc/bash_completion.d/rfm\n" +
		"\n" +
		"You will need to start a new shell for this setup to take effect.\n": "为 bash 生成自动补全脚本。\n" +
		"\n" +
		"此脚本依赖 'bash-completion' 软件包。\n" +
		"如果尚未安装，可以用操作系统的软件包管理器安装。\n" +
		"\n" +
		"在当前 shell 会话中加载补全：\n" +
		"\n" +
		"\tsource <(rfm completion bash)\n" +
		"\n" +
		"要让以后的每个新会话都加载补全，执行一次：\n" +
		"\n" +
		"#### Linux:\n" +
		"\n" +
		"\trfm completion bash > /etc/bash_completion.d/rfm\n" +
		"\n" +
		"#### macOS:\n" +
		"\n" +
		"\trfm completion bash > $(brew --prefix)/etc/bash_completion.d/rfm\n" +
		"\n" +
		"新开一个 shell 后设置才会生效。\n",
	"disable completion descriptions": "补全时不显示说明",

	// rfm completion fish
	"Generate the autocompletion script for fish": "生成 fish 的自动补全脚本",
	"Generate the autocompletion script for the fish shell.\n" +
		"\n" +
		"To load completions in your current shell session:\n" +
		"\n" +
		"\trfm completion fish | source\n" +
		"\n" +
		"To load completions for every new session, execute once:\n" +
		"\n" +
		"\trfm completion fish > ~/.config/fish/completions/rfm.fish\n" +
		"\n" +
		"You will need to start a new shell for this setup to take effect.\n": "为 fish 生成自动补全脚本。\n" +
		"\n" +
		"在当前 shell 会话中加载补全：\n" +
		"\n" +
		"\trfm completion fish | source\n" +
		"\n" +
		"要让以后的每个新会话都加载补全，执行一次：\n" +
		"\n" +
		"\trfm completion fish > ~/.config/fish/completions/rfm.fish\n" +
		"\n" +
		"新开一个 shell 后设置才会生效。\n",

	// rfm completion powershell
	"Generate the autocompletion script for powershell": "生成 powershell 的自动补全脚本",
	"Generate the autocompletion script for powershell.\n" +
		"\n" +
		"To load completions in your current shell session:\n" +
		"\n" +
		"\trfm completion powershell | Out-String | Invoke-Expression\n" +
		"\n" +
		"To load completions for every new session, add the output of the above command\n" +
		"to your powershell profile.\n": "为 powershell 生成自动补全脚本。\n" +
		"\n" +
		"在当前 shell 会话中加载补全：\n" +
		"\n" +
		"\trfm completion powershell | Out-String | Invoke-Expression\n" +
		"\n" +
		"要让以后的每个新会话都加载补全，请把上面命令的输出加到你的 powershell 配置文件\n" +
		"（profile）中。\n",

	// rfm completion zsh
	"Generate the autocompletion script for zsh": "生成 zsh 的自动补全脚本",
	"Generate the autocompletion script for the zsh shell.\n" +
		"\n" +
		"If shell completion is not already enabled in your environment you will need\n" +
		"to enable it.  You can execute the following once:\n" +
		"\n" +
		"\techo \"autoload -U compinit; compinit\" >> ~/.zshrc\n" +
		"\n" +
		"To load completions in your current shell session:\n" +
		"\n" +
		"\tsource <(rfm completion zsh)\n" +
		"\n" +
		"To load completions for every new session, execute once:\n" +
		"\n" +
		"#### Linux:\n" +
		"\n" +
		"\trfm completion zsh > \"${fpath[1]}/_rfm\"\n" +
		"\n" +
		"#### macOS:\n" +
		"\n" +
		"\trfm completion zsh > $(brew --prefix)/share/zsh/site-functions/_rfm\n" +
		"\n" +
		"You will need to start a new shell for this setup to take effect.\n": "为 zsh 生成自动补全脚本。\n" +
		"\n" +
		"如果你的环境中尚未启用 shell 补全，需要先启用。可以执行一次：\n" +
		"\n" +
		"\techo \"autoload -U compinit; compinit\" >> ~/.zshrc\n" +
		"\n" +
		"在当前 shell 会话中加载补全：\n" +
		"\n" +
		"\tsource <(rfm completion zsh)\n" +
		"\n" +
		"要让以后的每个新会话都加载补全，执行一次：\n" +
		"\n" +
		"#### Linux:\n" +
		"\n" +
		"\trfm completion zsh > \"$fpath[1]/_rfm\"\n" +
		"\n" +
		"#### macOS:\n" +
		"\n" +
		"\trfm completion zsh > $(brew --prefix)/share/zsh/site-functions/_rfm\n" +
		"\n" +
		"新开一个 shell 后设置才会生效。\n",

	// rfm diff
	"Compare two customer files written by rfm score: who moved between classes": "比较 rfm score 写出的两个客户文件：哪些客户换了客户类别",
	"Diff compares two customer files written by rfm score (CSV, or XLSX\n" +
		"workbooks with a customer sheet) — typically last week's and this week's —\n" +
		"and prints how many customers moved up or down, left or entered tier A, are\n" +
		"new or gone, the migration matrix (class before × class now, counts and\n" +
		"shares of each row) and the largest flows.\n" +
		"\n" +
		"Customers are matched by customer_id; classes by name, in either language\n" +
		"(--lang zh or en). Up and down follow the tier (A above B above C), then\n" +
		"rfm_sum. -o FILE.csv writes one row per customer of either file with its\n" +
		"classes, tiers and codes before and now, the change in recency, frequency\n" +
		"and monetary, and the direction (up, down, same, new or gone); --matrix\n" +
		"FILE.csv writes the matrix, one row per cell. -o FILE.xlsx writes a workbook\n" +
		"with a matrix sheet (counts, row shares, the moves off the diagonal\n" +
		"coloured, totals) and a moves sheet; -o FILE.html a one-file report with the\n" +
		"matrix and the largest flows.\n" +
		"\n" +
		"rfm score -o FILE records its settings in FILE.rfm.json. Files scored with\n" +
		"a different --method, --bins, cut points, --segments or --split are\n" +
		"refused; without a settings file diff warns and compares anyway.\n" +
		"\n" +
		"Tiers, --monetary, --returns, --lifecycle or --churn-factor that differ,\n" +
		"and a NEW file older than OLD (the wrong way round), are warnings that\n" +
		"change what the moves mean: they are printed even with --quiet, and the\n" +
		"exit status is 3.\n" +
		"\n" +
		"Exit status: 0 success (whether or not customers moved), 1 failure\n" +
		"(unreadable or incompatible files, I/O error), 2 usage error, 3 compared\n" +
		"and written, with a warning about the settings or the order of the files.": "rfm diff 比较 rfm score 写出的两个客户文件（CSV，或含客户工作表的 XLSX 工\n" +
		"作簿），通常是上周的和本周的，输出有多少客户上升或下降、离开或进入 A 级、\n" +
		"本期新增或本期未出现，迁移矩阵（之前的客户类别 × 现在的客户类别，\n" +
		"人数和各行占比）以及最大的几股流向。\n" +
		"\n" +
		"客户按 customer_id 匹配；客户类别按名称匹配，中英文名称均可（--lang zh 或\n" +
		"en）。上升和下降先看等级（A 高于 B 高于 C），再看 rfm_sum。-o FILE.csv 为两个文\n" +
		"件中出现的每位客户写一行：之前和现在的客户类别、等级和代码，R、F、M 的变化，\n" +
		"以及方向（up 上升、down 下降、same 不变、new 本期新增、gone 本期未出现）；\n" +
		"--matrix FILE.csv 写出迁移矩阵，每个单元格一行。-o FILE.xlsx 写工作簿，\n" +
		"含矩阵工作表（人数、行占比、对角线外的迁移着色、合计）和迁移明细工作表；\n" +
		"-o FILE.html 写含矩阵和最大流向的单文件报告。\n" +
		"\n" +
		"rfm score -o FILE 会把设置记录在 FILE.rfm.json 中。--method、--bins、\n" +
		"切分点、--segments 或 --split 不同的文件会被拒绝比较；没有设置文件时，\n" +
		"diff 给出警告后照常比较。\n" +
		"\n" +
		"等级、--monetary、--returns、--lifecycle 或 --churn-factor 不同，\n" +
		"以及 NEW 文件比 OLD 文件旧（顺序颠倒），都是改变迁移含义的警告：\n" +
		"即使指定 --quiet 也会输出，退出状态为 3。\n" +
		"\n" +
		"退出状态：0 成功（无论是否有客户迁移）；1 失败（文件无法读取或不兼容、\n" +
		"读写错误）；2 用法错误；3 已比较并写出，但有关于设置或文件顺序的警告。",
	"  rfm diff last-week.csv this-week.csv\n" +
		"  rfm diff last-week.csv this-week.csv -o moves.csv --matrix matrix.csv\n" +
		"  rfm diff last-week.csv this-week.csv -o - | grep ',down$'": "  rfm diff last-week.csv this-week.csv\n" +
		"  rfm diff last-week.csv this-week.csv -o moves.csv --matrix matrix.csv\n" +
		"  rfm diff last-week.csv this-week.csv -o - | grep ',down$'",
	"start CSV output with a UTF-8 BOM, for Excel": "CSV 输出以 UTF-8 BOM 开头，\n" +
		"便于 Excel 识别",
	"formula guard of CSV text: sheet (a ' before = + - @ tab CR ') or mail (the same, but phone numbers and e-mail addresses as they are) (default sheet)": "CSV 文本的公式防护：sheet（在以 = + - @\n" +
		"tab CR 开头的文本前加 '）或 mail（同\n" +
		"sheet，但电话号码和电子邮件地址不变）\n" +
		"（默认 sheet）",
	"write the migration matrix to `FILE.csv`, one row per cell (- for stdout)": "把迁移矩阵写到 `FILE.csv`，每个单元格一行\n" +
		"（- 表示标准输出）",
	"write the per-customer moves to `FILE` (.csv; .xlsx: matrix and moves sheets; .html: a report; - for CSV on stdout)": "把每位客户的迁移写到 `FILE`（.csv；.xlsx：\n" +
		"矩阵和迁移明细工作表；.html：报告；- 表示把 CSV\n" +
		"写到标准输出）",
	"encoding of CSV output: utf-8 or gbk (for Excel on Chinese Windows)": "CSV 输出的编码：utf-8 或\n" +
		"gbk（供中文 Windows 上的\n" +
		"Excel 使用）",
	"print only errors on stderr, and warnings that change what is published (exit status 3)": "标准错误只输出错误，以及改变发布内容\n" +
		"的警告（退出状态 3）",
	"write the lifecycle stage transitions to `FILE.csv`, one row per cell (both files need --lifecycle's column)": "把生命周期阶段的迁移写到 `FILE.csv`，\n" +
		"每个单元格一行（两个文件都需要有\n" +
		"--lifecycle 写出的列）",
	"list the `N` largest flows": "列出最大的 `N` 股流向",

	// rfm help
	"Help about any command": "显示任一命令的帮助",
	"Help provides help for any command in the application.\n" +
		"Simply type rfm help [path to command] for full details.": "显示本程序中任一命令的帮助。\n" +
		"输入 rfm help [命令路径] 即可查看完整说明。",

	// rfm inspect
	"Show how a transaction export would be read and scored, without scoring it": "查看交易明细导出文件会如何被读取和评分，但不评分",
	"Inspect reads a transaction export as rfm score would with the same flags,\n" +
		"and reports what it saw: the encoding, delimiter or sheet, the header row,\n" +
		"the column chosen for each role (and the others that matched), the date\n" +
		"format, what became of every row (read, used, rejected by reason with the\n" +
		"first examples and their line numbers, filtered, after the as-of date), the\n" +
		"date range, the number of customers, and the minimum, quartiles, maximum and\n" +
		"mean of recency_days, frequency and monetary over the customers that would\n" +
		"be scored. It writes no file.\n" +
		"\n" +
		"--json prints the same as one JSON object with stable keys.\n" +
		"\n" +
		"Exit status: 0 when rfm score with the same flags would score at least one\n" +
		"customer; 1 when it would fail or score no one (the report's result line\n" +
		"gives the reason, as rfm score gives it; nothing is added on stderr); 2 usage\n" +
		"error.": "rfm inspect 用与 rfm score 相同的选项读取交易明细导出文件，并报告所见：\n" +
		"编码、分隔符或工作表、表头行、每个字段选用的列（以及其他同样匹配的列）、\n" +
		"日期格式、每一行的去向（读入、使用、按原因剔除并附前几个示例及其行号、筛除、\n" +
		"晚于截止日期）、日期范围、客户数，以及将被评分的客户的 recency_days、\n" +
		"frequency 和 monetary 的最小值、四分位数、最大值和均值。它不写任何文件。\n" +
		"\n" +
		"--json 把同样的内容输出为一个键名固定的 JSON 对象。\n" +
		"\n" +
		"退出状态：0 表示用相同选项运行 rfm score 至少能为一位客户评分；1 表示会失\n" +
		"败或没有客户可评分（报告的结果行给出原因，与 rfm score 给出的相同；\n" +
		"标准错误不另外输出）；2 用法错误。",
	"  rfm inspect testdata/orders.csv\n" +
		"  rfm inspect orders.xlsx --sheet 2 --examples 10\n" +
		"  rfm inspect orders.csv --customer-col 会员ID --json": "  rfm inspect testdata/orders.csv\n" +
		"  rfm inspect orders.xlsx --sheet 2 --examples 10\n" +
		"  rfm inspect orders.csv --customer-col 会员ID --json",
	"as-of `YYYY-MM-DD` (default: the day after the latest used row)": "截止日期 `YYYY-MM-DD`（默认：\n" +
		"使用的行中最晚日期的次日）",
	"show the first `N` rejected rows of each reason": "每种剔除原因显示前 `N` 个剔除的行",
	"customer table: number of orders `column`":       "客户表：购买次数所在的`列名`",
	"orders (one row per order line), customers (one row per customer) or auto": "orders（每行一条订单明细行）、\n" +
		"customers（每行一位客户）或\n" +
		"auto（自动判断）",
	"print the report as JSON": "以 JSON 输出报告",
	"check these `columns` exist, as rfm score --keep does": "检查这些列是否存在，与 rfm score --keep 相同：\n" +
		"逗号分隔的`列名列表`",
	"customer table: last purchase date `column` (recency = as-of − it)": "客户表：最近一次购买日期所在的`列名`\n" +
		"（R = 截止日期 − 该日期）",
	"monetary value: sum or mean (per order)": "M（消费金额）的算法：sum（合计）\n" +
		"或 mean（每单平均）",
	"customer table: total spend `column`":                  "客户表：消费总额所在的`列名`",
	"order id `column` (frequency counts distinct orders)":  "订单号所在的`列名`（F 按不同订单计数）",
	"customer table: days since the last purchase `column`": "客户表：最近一次购买距今天数所在的`列名`",
	"returns (negative amounts): net them or ignore them": "退货（负金额）的处理：net（冲减）\n" +
		"或 ignore（忽略）",

	// rfm score
	"Score customers from a transaction export (CSV or XLSX)": "根据交易明细导出文件（CSV 或 XLSX）为客户评分",
	"Score reads a transaction export — one row per order or order line — and\n" +
		"gives every customer recency (days since the last purchase), frequency\n" +
		"(distinct orders), monetary value (net spend), 1–N scores, a class and a tier.\n" +
		"\n" +
		"Without -o it prints a summary table per class; -o FILE.csv writes one row per\n" +
		"customer, -o FILE.xlsx an annotated workbook, -o FILE.html a one-file report to open\n" +
		"in a browser and print, -o - the CSV to standard output.\n" +
		"Beside a written file, FILE.rfm.json records the settings, so that rfm diff\n" +
		"can refuse to compare runs made differently. --split-by segment|tier|lifecycle -o DIR/\n" +
		"writes one CSV per class or tier, for mail tools. --with-clv adds each\n" +
		"customer's P(alive), lifetime value and churn-risk flag from the models of\n" +
		"rfm clv, fitted on the same rows (its flags --horizon, --unit, --margin,\n" +
		"--discount-rate, --penalizer and --churn-* apply, and --clv-model is its\n" +
		"--model), and a churn-risk sheet to the workbook. FILE may be - for standard input. Rows that cannot be used are counted by reason; --rejects writes them\n" +
		"out. The last line on standard error always accounts for every row read.\n" +
		"\n" +
		"Exit status: 0 success, 1 failure (bad input, I/O error, a --with-clv fit\n" +
		"that did not converge), 2 usage error, 3 done but with a warning that\n" +
		"changes what was published (a stale --split-by list kept, input bytes that\n" +
		"became U+FFFD, a --customers file none of whose customers bought, an\n" +
		"output replaced by a concurrent run), printed even with --quiet.": "rfm score 读取交易明细导出文件（每行一个订单或一条订单明细行），\n" +
		"为每位客户计算 R（最近一次购买距今天数）、F（购买次数，按不同订单计）、\n" +
		"M（消费金额，即净消费额）、1–N 分的评分、客户类别和等级。\n" +
		"\n" +
		"不指定 -o 时按客户类别输出汇总表；-o FILE.csv 每位客户写一行，-o FILE.xlsx\n" +
		"写带说明的工作簿，-o FILE.html 写可在浏览器中打开和打印的单文件报告，\n" +
		"-o - 把 CSV 写到标准输出。\n" +
		"写出文件时，还会在旁边写一个 FILE.rfm.json 记录本次设置，rfm diff 据此拒绝比\n" +
		"较设置不同的两次运行。--split-by segment|tier|lifecycle -o DIR/ 按客户类别、\n" +
		"等级或生命周期阶段各写一个 CSV，供邮件工具使用。--with-clv 用 rfm clv 的模型\n" +
		"在同样的行上拟合，为每位客户加上存活概率、客户终身价值和流失风险标记，\n" +
		"并在工作簿中加一张流失风险工作表（rfm clv 的选项 --horizon、--unit、\n" +
		"--margin、--discount-rate、--penalizer 和 --churn-* 同样适用，--clv-model 即\n" +
		"其 --model）。FILE 为 - 时读标准输入。无法使用的行按原因计数；--rejects 把它\n" +
		"们写出。标准错误的最后一行总会交代读入的每一行的去向。\n" +
		"\n" +
		"退出状态：0 成功；1 失败（输入有误、读写错误、--with-clv 的模型拟合未收敛）；\n" +
		"2 用法错误；3 已完成，但有改变发布内容的警告（保留了过期的 --split-by 名单、\n" +
		"输入中有字节变成了 U+FFFD、--customers 文件中没有一位客户有购买、输出被同时进行\n" +
		"的另一次运行替换），即使指定 --quiet 也会输出。",
	"  rfm score testdata/orders.csv\n" +
		"  rfm score orders.csv -o customers.csv\n" +
		"  rfm score orders.csv -o - --keep email,name\n" +
		"  rfm score orders.csv --method mean\n" +
		"  rfm score orders.csv --as-of 2024-07-01 --rejects bad.csv\n" +
		"  rfm score orders.csv --with-clv --horizon 12m -o customers.xlsx\n" +
		"  rfm score orders.csv --with-clv --clv-model pareto-nbd -o customers.csv": "  rfm score testdata/orders.csv\n" +
		"  rfm score orders.csv -o customers.csv\n" +
		"  rfm score orders.csv -o - --keep email,name\n" +
		"  rfm score orders.csv --method mean\n" +
		"  rfm score orders.csv --as-of 2024-07-01 --rejects bad.csv\n" +
		"  rfm score orders.csv --with-clv --horizon 12m -o customers.xlsx\n" +
		"  rfm score orders.csv --with-clv --clv-model pareto-nbd -o customers.csv",
	"score levels N, 2–9": "评分级数 N，2–9",
	"--lifecycle: warn when recency > `K` × the mean gap between purchase days": "--lifecycle：R（最近一次购买距今天数）\n" +
		"大于 `K` × 购买日平均间隔时\n" +
		"发出流失预警",
	"with --with-clv: the purchase model, as rfm clv's --model: bgnbd, pareto-nbd, mbgnbd or bgbb": "配合 --with-clv：复购模型，同 rfm clv\n" +
		"的 --model：bgnbd、pareto-nbd、\n" +
		"mbgnbd 或 bgbb",
	"join a customer `FILE` (CSV or XLSX) on the customer id: --keep may name its columns; its customers without a purchase are listed as prospects": "按客户ID关联客户名单文件 `FILE`（CSV 或\n" +
		"XLSX）：--keep 可指定其中的列；\n" +
		"名单中没有购买的客户列为潜在客户",
	"--customers: the customer file's id `column` (default: recognised header)": "--customers：客户名单文件中\n" +
		"客户ID所在的`列名`（默认：按表头识别）",
	"--customers: the XLSX sheet `name or number` (default: the first)": "--customers：XLSX 工作表的\n" +
		"`名称或序号`（默认：第一张）",
	"thresholds: N−1 ascending frequency cut points": "阈值法：N−1 个递增的 F（购买次数）切分点",
	"output format: csv, xlsx, html or table (default: from -o's extension)": "输出格式：csv、xlsx、html 或 table\n" +
		"（默认：按 -o 的扩展名）",
	"formula guard of CSV text: sheet (a ' before = + - @ tab CR ') or mail (the same, but phone numbers and e-mail addresses as they are) (default sheet, mail for --split-by lists)": "CSV 文本的公式防护：sheet（在以 = + - @\n" +
		"tab CR 开头的文本前加 '）或 mail（同\n" +
		"sheet，但电话号码和电子邮件地址不变）\n" +
		"（默认 sheet，--split-by 名单默认 mail）",
	"language of the CSV header: en (SPEC's column names, for machines and mail tools) or zh (Chinese names, which rfm diff reads too)": "CSV 表头的语言：en（SPEC 规定的列名，\n" +
		"供程序和邮件工具使用）或 zh（中文列名，\n" +
		"rfm diff 也能读取）",
	"carry these `columns` to the output (e.g. email,name)": "把这些列一并写入输出：\n" +
		"逗号分隔的`列名列表`（例如 邮箱,姓名）",
	"add lifecycle stages and the churn warning; `N,A,C` days: new ≤ N, active ≤ A, dormant ≤ C (default 30,90,180)": "加上生命周期阶段和流失预警；\n" +
		"`N,A,C` 为天数：新客户 ≤ N，活跃客户 ≤ A，\n" +
		"沉睡客户 ≤ C（不指定值时为 30,90,180）",
	"thresholds: N−1 ascending monetary cut points": "阈值法：N−1 个递增的 M（消费金额）切分点",
	"scoring: quantile, rank, thresholds or mean": "评分方法：quantile（分位数）、\n" +
		"rank（排名）、thresholds（阈值）\n" +
		"或 mean（均值）",
	"thresholds: N−1 ascending recency cut points (days)": "阈值法：N−1 个递增的 R 切分点（天数）",
	"segment scheme: cn8, rfgrid or a scheme `FILE.csv`": "分层方案：cn8、rfgrid 或方案文件\n" +
		"`FILE.csv`",
	"high/low split of scores for the classes: mean or median": "客户类别的评分高低分界：mean（均值）\n" +
		"或 median（中位数）",
	"write one CSV per `segment`, tier or lifecycle stage into the folder -o names": "在 -o 指定的文件夹中按 `segment`、\n" +
		"tier 或 lifecycle（客户类别、\n" +
		"等级或生命周期阶段）各写一个 CSV",
	"tiers: class, or pareto[=A,B] by share of spend (default 80,95)": "等级：class（按客户类别），\n" +
		"或 pareto[=A,B]（按消费额占比，\n" +
		"A,B 默认为 80,95）",
	"add weighted_score = (wR·r + wF·f + wM·m) ÷ (wR + wF + wM), e.g. `0.2,0.3,0.5`": "加上 weighted_score =\n" +
		"(wR·r + wF·f + wM·m) ÷ (wR + wF + wM)，\n" +
		"权重例如 `0.2,0.3,0.5`",
	"add p_alive, clv and churn_risk from the models of rfm clv, and a churn-risk sheet": "用 rfm clv 的模型加上 p_alive、\n" +
		"clv 和 churn_risk 三列，\n" +
		"并在工作簿中加一张流失风险工作表",

	// rfm segments
	"List the segment schemes, print a scheme's rules, or check a scheme file": "列出分层方案、输出某个方案的规则，或检查方案文件",
	"Segments lists the built-in segment schemes. With a SCHEME — cn8, rfgrid or\n" +
		"a scheme FILE.csv — it prints the scheme's rules as a table: the scores that\n" +
		"name each segment, its tier and its recommended action.\n" +
		"\n" +
		"A scheme file has the columns segment, r_min, r_max, f_min, f_max, m_min,\n" +
		"m_max (inclusive score ranges; an empty cell leaves that end open) and\n" +
		"optionally tier (A, B or C), zh and en (names per language), action, and\n" +
		"action_zh and action_en (the action per language). Rows are tried in order\n" +
		"and the first that contains a customer's scores names it; a customer that\n" +
		"matches none is Other (其他, tier C). Lines starting with # are comments.\n" +
		"\n" +
		"--check validates a file against the N×N×N grid of scores (N = --bins) and\n" +
		"prints, per row, the cells it is the first match of, the rows that can never\n" +
		"match, and the cells that fall to Other. Warnings go to standard error; a\n" +
		"file with errors exits 1, each error with its line.\n" +
		"\n" +
		"Exit status: 0 success, 1 failure (invalid scheme file, I/O error), 2 usage error.": "rfm segments 列出内置的分层方案。指定 SCHEME（cn8、rfgrid 或方案文件 FILE.csv）\n" +
		"时，以表格输出该方案的规则：对应每个客户类别的评分、它的等级和建议的运营动作。\n" +
		"\n" +
		"方案文件的列为 segment、r_min、r_max、f_min、f_max、m_min、m_max（评分范围，\n" +
		"含两端；单元格为空表示该端不设限），可选列有 tier（A、B 或 C）、zh 和\n" +
		"en（各语言的名称）、action，以及 action_zh 和 action_en（各语言的动作）。\n" +
		"各行按顺序尝试，第一个包含客户评分的行决定其客户类别；一行都不匹配的客户归为\n" +
		"“其他”（等级 C）。以 # 开头的行是注释。\n" +
		"\n" +
		"--check 用 N×N×N 的评分网格（N = --bins）检查文件，逐行列出该行作为首个匹配的\n" +
		"网格单元、永远不会匹配的行，以及落入“其他”的单元。警告写到标准错误；\n" +
		"文件有错误时以状态 1 退出，每个错误都附行号。\n" +
		"\n" +
		"退出状态：0 成功；1 失败（方案文件无效、读写错误）；2 用法错误。",
	"  rfm segments\n" +
		"  rfm segments cn8 --lang en\n" +
		"  rfm segments my-scheme.csv --check\n" +
		"  rfm segments my-scheme.csv --check --bins 3": "  rfm segments\n" +
		"  rfm segments cn8 --lang en\n" +
		"  rfm segments my-scheme.csv --check\n" +
		"  rfm segments my-scheme.csv --check --bins 3",
	"score levels N the scheme is checked against, 2–9":            "检查方案所用的评分级数 N，2–9",
	"validate the scheme and print its coverage of the score grid": "检查方案，并输出它对评分网格的覆盖情况",

	// rfm sql
	"Print one SQL statement that computes rfm score's customer table in a warehouse": "输出一条 SQL 语句，在数据仓库中算出 rfm score 的客户表",
	"Sql prints one SQL statement — a SELECT with commented steps — that computes,\n" +
		"inside PostgreSQL, DuckDB, BigQuery or Spark SQL, the customer table that\n" +
		"`rfm score -o -` writes for the same rows and flags: the same columns, the same\n" +
		"order and the same text, computed with exact decimals and integer arithmetic.\n" +
		"\n" +
		"--table is a table name (schema.table or project.dataset.table; each part is\n" +
		"quoted, and a part may be given quoted as \"…\" or `…`) or one subquery in\n" +
		"parentheses, e.g. to filter rows first; anything else (a quote inside a part,\n" +
		"an empty part, a ; or a comment outside the subquery's strings) is refused. The columns\n" +
		"default to customer_id, order_date and amount; without --order-col every\n" +
		"purchase row counts as an order. The date column should be a DATE or\n" +
		"TIMESTAMP, the amount (or quantity and price) numeric.\n" +
		"\n" +
		"Exit status: 0 success, 1 failure (I/O error), 2 usage error.": "rfm sql 输出一条 SQL 语句（一个带分步注释的 SELECT），在 PostgreSQL、DuckDB、\n" +
		"BigQuery 或 Spark SQL 中算出 `rfm score -o -` 对同样的行和选项写出的客户表：\n" +
		"相同的列、相同的顺序、相同的文本，用精确小数和整数运算计算。\n" +
		"\n" +
		"--table 为表名（schema.table 或 project.dataset.table；每一部分都会加上引号，\n" +
		"也可以自己用 \"…\" 或 `…` 给某一部分加引号），或括号中的一个子查询，例如先筛选行；\n" +
		"其他写法（某部分内含引号、空的部分、子查询字符串之外的 ; 或注释）都会被拒绝。\n" +
		"列名默认为 customer_id、order_date 和 amount；不指定 --order-col 时每一条购买\n" +
		"行都算一个订单。日期列应为 DATE 或 TIMESTAMP 类型，金额（或数量和单价）\n" +
		"应为数值类型。\n" +
		"\n" +
		"退出状态：0 成功；1 失败（读写错误）；2 用法错误。",
	"  rfm sql --dialect postgres --table sales.orders --order-col order_id > rfm.sql\n" +
		"  psql -X --csv -f rfm.sql > customers.csv\n" +
		"  rfm sql --dialect duckdb --table \"(SELECT * FROM 'orders.parquet')\" --order-col order_id\n" +
		"  rfm sql --dialect bigquery --table shop.sales.orders --customer-col user_id --method rank\n" +
		"  rfm sql --dialect spark --table lake.order_lines --quantity-col qty --price-col unit_price --as-of 2024-06-30": "  rfm sql --dialect postgres --table sales.orders --order-col order_id > rfm.sql\n" +
		"  psql -X --csv -f rfm.sql > customers.csv\n" +
		"  rfm sql --dialect duckdb --table \"(SELECT * FROM 'orders.parquet')\" --order-col order_id\n" +
		"  rfm sql --dialect bigquery --table shop.sales.orders --customer-col user_id --method rank\n" +
		"  rfm sql --dialect spark --table lake.order_lines --quantity-col qty --price-col unit_price --as-of 2024-06-30",
	"amount `column` (default amount, unless --quantity-col and --price-col)": "金额所在的`列名`（默认 amount，除非指定了\n" +
		"--quantity-col 和 --price-col）",
	"customer id `column`": "客户ID所在的`列名`",
	"order date `column` (DATE or TIMESTAMP)": "订单日期所在的`列名`，类型为\n" +
		"DATE 或 TIMESTAMP",
	"SQL dialect: postgres, duckdb, bigquery or spark (required)": "SQL 方言：postgres、duckdb、\n" +
		"bigquery 或 spark（必填）",
	"order id `column` (frequency counts distinct orders; default: none, every purchase row is an order)": "订单号所在的`列名`（F 按不同订单计数；\n" +
		"默认：无，每一条购买行算一个订单）",
	"write the SQL to `FILE` (- for stdout)": "把 SQL 写到\n" +
		"`FILE`（- 表示标准输出）",
	"also write the run's settings to `FILE`, e.g. customers.csv.rfm.json beside the export, for rfm diff": "同时把本次设置写到 `FILE`，供 rfm diff\n" +
		"使用，例如导出文件旁的\n" +
		"customers.csv.rfm.json",
	"input `table` name, or a (subquery) in parentheses (required)": "输入的`表名`，或括号中的一个（子查询）\n" +
		"（必填）",

	// rfm version
	"Print the version": "输出版本号",

	// cmd/rfm/lang.go and root.go: usage headings, cobra's and pflag's errors
	"help for %s":         "显示 %s 的帮助",
	"Usage:":              "用法：",
	"[command]":           "[命令]",
	"[flags]":             "[选项]",
	"Aliases:":            "别名：",
	"Examples:":           "示例：",
	"Available Commands:": "可用命令：",
	"Flags:":              "选项：",
	"Global Flags:":       "全局选项：",
	"Use \"%s [command] --help\" for more information about a command.": "运行“%s [命令] --help”查看命令的详细说明。",
	"placeholder: text":                             "文本",
	"placeholder: list":                             "列表",
	"placeholder: whole number":                     "整数",
	"placeholder: number":                           "数字",
	"(default %s)":                                  "（默认 %s）", // after the usage's last word, without a space
	"unknown flag: %s":                              "未知选项：%s",
	"unknown shorthand flag: %s in %s":              "未知的短选项：%s（在 %s 中）",
	"flag needs an argument: %s":                    "选项缺少参数：%s",
	"bad flag syntax: %s":                           "选项写法有误：%s",
	"accepts %s arg(s), received %s":                "需要 %s 个参数，但给了 %s 个",
	"requires at least %s arg(s), only received %s": "至少需要 %s 个参数，但只给了 %s 个",
	"accepts at most %s arg(s), received %s":        "最多接受 %s 个参数，但给了 %s 个",
	"accepts between %s and %s arg(s), received %s": "需要 %s 到 %s 个参数，但给了 %s 个",
	"required flag(s) %s not set":                   "缺少必需的选项：%s",
	"invalid argument %q for %q flag: %v":           "选项 %[2]q 的参数 %[1]q 无效：%[3]v",
	"want a whole number":                           "应为整数",
	"want a number":                                 "应为数字",
	"want true or false":                            "应为 true 或 false",
	"want a duration such as 30s or 5m":             "应为时长，例如 30s 或 5m",
	"Run '%s --help' for usage.":                    "运行 '%s --help' 查看用法。",
	"interrupted":                                   "已中断",
	"unknown command %q for %q":                     "%[2]q 没有命令 %[1]q",
	"unknown command %q for %q; did you mean %s?":   "%[2]q 没有命令 %[1]q；你要输入的是不是 %[3]s？",
	" or ":      " 或 ",
	"warning: ": "警告：",
}

func init() { register(zhHelp) }

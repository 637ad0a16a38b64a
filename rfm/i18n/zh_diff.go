package i18n

// rfm diff's check of the two runs' settings.
var zhDiff = map[string]string{
	"; ":                       "；",
	"%s %s in %s, %s %s in %s": "%[3]s 中为 %[1]s %[2]s，%[6]s 中为 %[4]s %[5]s",
	"--segments %s in both, but the scheme's rules or names changed between the two runs": "两次都是 --segments %s，但分层方案的规则或名称在两次运行之间变了",
	"%s %s in %s, %s in %s":        "%[1]s：%[3]s 中为 %[2]s，%[5]s 中为 %[4]s",
	"tiers differ: --tiers":        "等级规则不同：--tiers",
	"monetary differs: --monetary": "消费金额的算法不同：--monetary",
	"returns differ: --returns":    "退货的处理不同：--returns",
	"lifecycle stages differ, so stage transitions mix two rules: --lifecycle":          "生命周期阶段的规则不同，阶段变化混用了两套规则：--lifecycle",
	"churn warnings differ: --churn-factor":                                             "流失预警的规则不同：--churn-factor",
	"%s (as of %s) is older than %s (as of %s): are the two files the wrong way round?": "%s（截止 %s）早于 %s（截止 %s）：两个文件是否放反了？",
}

func init() { register(zhDiff) }

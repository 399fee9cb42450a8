// Direct extension of a 一级 grade (Art. 9, 10; docs/grading.md#validity-reminder-extension-art-8-9-10 (定级办法 Art. 8–10)): the conditions as a checklist.
import type { MineTypeCode } from './scoring';

export interface ExtensionChecklist {
  commitment: boolean;
  zeroGasOverLimit: boolean;
  zeroOutburst: boolean;
  zeroWaterInrush: boolean;
  zeroSpontaneousCombustion: boolean;
  zeroRockBurst: boolean;
  faceMode?: 'one_face' | 'two_faces' | 'other';
  mechanisationPercent: number;
}

export interface CheckLine {
  item: string;
  ok: boolean;
  zh: string;
  en: string;
}

export function checkExtension(c: ExtensionChecklist, mineType: MineTypeCode): CheckLine[] {
  const lines: CheckLine[] = [
    { item: 'commitment', ok: c.commitment, zh: '作出符合一级体系要求的承诺', en: 'commits to meet the 一级 requirements' },
    { item: 'zeroGasOverLimit', ok: c.zeroGasOverLimit, zh: '3年内瓦斯“零超限”', en: 'zero gas over-limit in the 3 years' },
    { item: 'zeroOutburst', ok: c.zeroOutburst, zh: '井下“零突出”', en: 'zero outburst' },
    { item: 'zeroWaterInrush', ok: c.zeroWaterInrush, zh: '井下“零透水”', en: 'zero water inrush' },
    { item: 'zeroSpontaneousCombustion', ok: c.zeroSpontaneousCombustion, zh: '井下“零自燃”', en: 'zero spontaneous combustion' },
    { item: 'zeroRockBurst', ok: c.zeroRockBurst, zh: '“零冲击”（无冲击地压事故）', en: 'zero rock-burst accident' },
  ];
  if (mineType === 'underground') {
    lines.push({
      item: 'faceMode',
      ok: c.faceMode === 'one_face' || c.faceMode === 'two_faces',
      zh: '井工煤矿采用“一井一面”或“一井两面”生产模式',
      en: 'underground mine runs one or two working faces',
    });
    lines.push({ item: 'mechanisationPercent', ok: c.mechanisationPercent >= 100, zh: '采煤机械化程度达到100%', en: 'coal mining fully mechanised (100 %)' });
  } else {
    lines.push({ item: 'mechanisationPercent', ok: c.mechanisationPercent >= 100, zh: '采剥机械化程度达到100%', en: 'stripping fully mechanised (100 %)' });
  }
  return lines;
}

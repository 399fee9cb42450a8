import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Breadcrumb, Button, Card, Checkbox, Col, Descriptions, Flex, Input, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatShanghai } from '../admin/admin-utils';
import { client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { useAssessment, type Assessment } from './staff-api';

type Reason = Assessment['explain'][number];

function ReasonList({ reasons }: { reasons: Reason[] }) {
  const { lang } = useI18n();
  return (
    <List
      size="small"
      dataSource={reasons}
      renderItem={(r) => (
        <List.Item>
          <Space>
            {r.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
            <span>{lang === 'zh' ? r.zh : r.en}</span>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** One staff member: facts counted from work orders, the level the rules give and why, and level decisions. */
export function StaffDetailPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const q = useAssessment(id);
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const a = q.data;
  const [edit, setEdit] = useState<{ passedTests: string[]; certificates: string[]; attitudeGood: boolean; handlesSimpleComplaints: boolean } | null>(null);
  const [level, setLevel] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (a) {
      setEdit({ passedTests: a.staff.passedTests, certificates: a.staff.certificates, attitudeGood: a.staff.attitudeGood, handlesSimpleComplaints: a.staff.handlesSimpleComplaints });
      setLevel((l) => l ?? a.level);
    }
  }, [a]);

  if (q.error) return <Alert type="error" title={errorText(q.error, lang)} />;
  if (!a || !edit) return null;
  const txt = (x: { zh: string; en: string }) => (lang === 'zh' ? x.zh : x.en);
  const refresh = () => qc.invalidateQueries({ queryKey: ['staff'] });

  async function save() {
    setError(null);
    try {
      await unwrap(client.PATCH('/api/staff/{id}', { params: { path: { id } }, body: { version: a!.staff.version, ...edit } }));
      message.success(t('已保存', 'Saved'));
      await refresh();
    } catch (e) {
      setError(errorText(e, lang));
    }
  }

  async function promote() {
    setError(null);
    try {
      await unwrap(client.POST('/api/staff/{id}/levels', { params: { path: { id } }, body: { level: level!, note: note.trim() || undefined, version: a!.staff.version } }));
      message.success(t('已记录等级', 'Level recorded'));
      setNote('');
      await refresh();
    } catch (e) {
      setError(errorText(e, lang));
    }
  }

  const rankOf = (l: string | undefined) => a.levels.findIndex((x) => x.id === l);
  const early = level !== undefined && rankOf(level) < rankOf(a.level);

  return (
    <div>
      <Breadcrumb items={[{ title: <Link to="/staff">{t('员工等级', 'Staff levels')}</Link> }, { title: a.staff.name }]} style={{ marginBottom: 8 }} />
      <Flex align="center" gap={12} style={{ marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {a.staff.name}
        </Typography.Title>
        <Tag>{t('现有等级', 'Current level')}：{a.staff.currentLevel}</Tag>
        <Tag color="blue">
          {t('规则评定', 'Computed')}：{txt(a.levelLabel)}
        </Tag>
        {typeof a.outputs.basePay === 'number' && <Tag color="green">{t('基本工资', 'Base pay')} {a.outputs.basePay}</Tag>}
      </Flex>
      {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} closable onClose={() => setError(null)} />}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('评定事实', 'Facts') + ` · ${a.asOf}`} size="small" style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('门店 / 部门', 'Store / department')}>{a.staff.unitName}</Descriptions.Item>
              <Descriptions.Item label={t('来店日期', 'Hired on')}>{a.staff.hiredOn}</Descriptions.Item>
              <Descriptions.Item label={txt(a.factLabels.tenureMonths)}>{a.facts.tenureMonths}</Descriptions.Item>
              <Descriptions.Item label={txt(a.factLabels.praiseLetters)}>{a.facts.praiseLetters}</Descriptions.Item>
              <Descriptions.Item label={txt(a.factLabels.complaints)}>{a.facts.complaints}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('测试、证书与表现', 'Tests, certificates and conduct')} size="small" style={{ marginBottom: 16 }}>
            <Typography.Text strong>{txt(a.factLabels.passedTests)}</Typography.Text>
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column', margin: '4px 0 12px' }}
              value={edit.passedTests}
              onChange={(v) => setEdit({ ...edit, passedTests: v as string[] })}
              options={a.testOptions.map((o) => ({ value: o.id, label: txt(o.label) }))}
            />
            <Typography.Text strong>{txt(a.factLabels.certificates)}</Typography.Text>
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column', margin: '4px 0 12px' }}
              value={edit.certificates}
              onChange={(v) => setEdit({ ...edit, certificates: v as string[] })}
              options={a.certificateOptions.map((o) => ({ value: o.id, label: txt(o.label) }))}
            />
            <Flex vertical gap={4} style={{ marginBottom: 12 }}>
              <Checkbox checked={edit.attitudeGood} onChange={(e) => setEdit({ ...edit, attitudeGood: e.target.checked })}>
                {txt(a.factLabels.attitudeGood)}
              </Checkbox>
              <Checkbox checked={edit.handlesSimpleComplaints} onChange={(e) => setEdit({ ...edit, handlesSimpleComplaints: e.target.checked })}>
                {txt(a.factLabels.handlesSimpleComplaints)}
              </Checkbox>
            </Flex>
            <Button onClick={save}>{t('保存', 'Save')}</Button>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('评定结果与理由', 'Result and reasons')} size="small" style={{ marginBottom: 16 }}>
            {a.explain.length > 0 && (
              <>
                <Typography.Text strong>
                  {txt(a.levelLabel)} — {t('满足的条件', 'conditions met')}
                </Typography.Text>
                <ReasonList reasons={a.explain} />
              </>
            )}
            {a.refused.map((r) => (
              <div key={r.level} style={{ marginTop: 8 }}>
                <Typography.Text strong>
                  {t('未达到', 'Not reached')}：{txt(r.label)}
                </Typography.Text>
                <ReasonList reasons={r.reasons} />
              </div>
            ))}
          </Card>
          <Card title={t('记录等级', 'Record a level')} size="small" style={{ marginBottom: 16 }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Select aria-label={t('等级', 'Level')} style={{ width: 200 }} value={level} onChange={setLevel} options={a.levels.map((l) => ({ value: l.id, label: txt(l.label) + (l.incomplete ? t('（标准不完整）', ' (incomplete)') : '') }))} />
              {early && <Alert type="warning" title={t('高于规则评定等级：提前晋级须经总经理审批并说明理由', 'Above the computed level: early promotion needs a manager and a reason')} />}
              <Input.TextArea aria-label={t('说明', 'Note')} placeholder={t('说明（提前晋级必填）', 'Note (required for early promotion)')} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
              <Button type="primary" onClick={promote}>
                {t('记录晋级', 'Record promotion')}
              </Button>
            </Space>
          </Card>
          <Card title={t('等级记录', 'Level decisions')} size="small">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={a.decisions}
              columns={[
                { title: t('时间', 'At'), dataIndex: 'decidedAt', render: (v: string) => formatShanghai(v) },
                { title: t('等级', 'Level'), key: 'lv', render: (_, d) => `${d.previousLevel} → ${d.level}` },
                { title: t('规则评定', 'Computed'), dataIndex: 'computedLevel' },
                { title: t('决定人', 'By'), dataIndex: 'decidedBy' },
                { title: t('说明', 'Note'), dataIndex: 'note' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

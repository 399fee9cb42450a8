import { UserAddOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { useStaffList, useUnits, type StaffListItem } from './staff-api';

interface NewStaffValues {
  unitId?: string;
  name: string;
  hiredOn: string;
}

/** 员工等级: staff in the caller's subtree with the level they hold and the level the rules give today. */
export function StaffListPage() {
  const { t, lang } = useI18n();
  const [unitId, setUnitId] = useState<string | undefined>();
  const list = useStaffList(unitId);
  const units = useUnits();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<NewStaffValues>();
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();

  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));

  async function submit(values: NewStaffValues) {
    setError(null);
    try {
      const created = await unwrap(client.POST('/api/staff', { body: { ...values, unitId: values.unitId!, name: values.name.trim(), hiredOn: values.hiredOn.trim() } }));
      await qc.invalidateQueries({ queryKey: ['staff'] });
      message.success(t('已添加员工', 'Staff member added'));
      setAdding(false);
      form.resetFields();
      navigate(`/staff/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) form.setFields(e.errors.map((f) => ({ name: f.field as keyof NewStaffValues, errors: [f.message] })));
      setError(errorText(e, lang));
    }
  }

  const columns: ColumnsType<StaffListItem> = [
    { title: t('姓名', 'Name'), dataIndex: 'name', render: (v: string, r) => <Link to={`/staff/${r.id}`}>{v}</Link> },
    { title: t('门店 / 部门', 'Store / department'), dataIndex: 'unitName' },
    { title: t('来店日期', 'Hired on'), dataIndex: 'hiredOn', width: 120 },
    { title: t('现有等级', 'Current level'), dataIndex: 'currentLevel', width: 110, render: (v: string) => <Tag>{v}</Tag> },
    {
      title: t('规则评定等级', 'Computed level'),
      dataIndex: 'computedLevel',
      width: 130,
      render: (v: string, r) => <Tag color={v !== r.currentLevel ? 'orange' : 'green'}>{v}</Tag>,
    },
  ];

  return (
    <div>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }} wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('员工等级', 'Staff levels')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('餐饮服务员等级划分标准：表扬与投诉取自客诉工单', 'Waiter levels: praise and complaints come from the work orders')}</Typography.Text>
        </div>
        <Flex gap={8}>
          <Select allowClear placeholder={t('全部单位', 'All units')} style={{ width: 220 }} options={unitOptions} value={unitId} onChange={setUnitId} />
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
            {t('添加员工', 'Add staff member')}
          </Button>
        </Flex>
      </Flex>
      {list.error && <Alert type="error" title={errorText(list.error, lang)} style={{ marginBottom: 16 }} />}
      <Table rowKey="id" size="middle" loading={list.isLoading} columns={columns} dataSource={list.data ?? []} pagination={false} />
      <Modal open={adding} title={t('添加员工', 'Add staff member')} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} onOk={() => form.submit()} onCancel={() => setAdding(false)} destroyOnHidden>
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="unitId" label={t('门店 / 部门', 'Store / department')} rules={[{ required: true, message: t('请选择单位', 'Choose a unit') }]}>
            <Select options={unitOptions} showSearch optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="name" label={t('姓名', 'Name')} rules={[{ required: true, message: t('请输入姓名', 'Enter the name') }]} extra={t('须与工单中“被表扬/被投诉员工”的写法一致', 'Must match the staff name written on work orders')}>
            <Input />
          </Form.Item>
          <Form.Item name="hiredOn" label={t('来店日期', 'Hired on')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('格式 YYYY-MM-DD', 'Format YYYY-MM-DD') }]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
